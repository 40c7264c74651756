// The launcher moves NODE_EXTRA_CA_CERTS aside to save start-up time; HTTPS through the provider's client
// must still trust those certificates, exactly as Node would have.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:https';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { createNodeHttpExchange } from '../../../src/client/node-http-exchange.js';
import { DEFERRED_EXTRA_CA_CERTS, httpsAgentWithDeferredExtraCaCerts, LAUNCHER_CA_STORE_OPTION } from '../../../src/provider/deferred-extra-ca-certs.js';
import { createTestCa, type TestCa } from '../../support/test-ca.js';

let ca: TestCa;
let server: Server;
let httpsUrl: string;

before(async () => {
  ca = createTestCa();
  server = createServer({ key: ca.serverKey, cert: ca.serverCert }, (_req, res) => {
    res.end('trusted');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  httpsUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

after(() => {
  server?.close();
  ca?.cleanup();
});

const get = (url: string) => ({ method: 'GET', url, headers: { 'user-agent': 'test' } });

test('nothing deferred: the client keeps the default HTTPS agent', () => {
  assert.equal(httpsAgentWithDeferredExtraCaCerts({}), undefined);
});

test("under the launcher's --use-openssl-ca, the agent trusts Node's bundled roots, as Node does without it", async () => {
  const makeAgent = httpsAgentWithDeferredExtraCaCerts({}, [LAUNCHER_CA_STORE_OPTION]);
  assert.ok(makeAgent);
  const agent = await makeAgent();
  assert.deepEqual(agent.options.ca, [...rootCertificates]);
  await assert.rejects(createNodeHttpExchange({ httpsAgent: makeAgent })(get(httpsUrl)), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  agent.destroy();
});

test('the default agent does not trust the test CA (so the next test proves something)', async () => {
  await assert.rejects(createNodeHttpExchange()(get(httpsUrl)), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
});

test('deferred certificates are trusted on HTTPS requests', async () => {
  const httpsAgent = httpsAgentWithDeferredExtraCaCerts({ [DEFERRED_EXTRA_CA_CERTS]: ca.caFile });
  assert.ok(httpsAgent);
  const response = await createNodeHttpExchange({ httpsAgent })(get(httpsUrl));
  assert.equal(response.status, 200);
  assert.equal(response.body, 'trusted');
});

test('an unreadable bundle falls back to the default roots with a warning, as Node does', async () => {
  const httpsAgent = httpsAgentWithDeferredExtraCaCerts({ [DEFERRED_EXTRA_CA_CERTS]: join(ca.dir, 'missing.pem') });
  assert.ok(httpsAgent);
  const warned = once(process, 'warning');
  await assert.rejects(createNodeHttpExchange({ httpsAgent })(get(httpsUrl)), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  const [warning] = (await warned) as [Error];
  assert.match(warning.message, /Ignoring extra certificates from .*missing\.pem/);
});

test('plain HTTP goes straight through, without reading the bundle', async () => {
  const plain = createHttpServer((_req, res) => res.end('plain'));
  await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
  try {
    const deferred = httpsAgentWithDeferredExtraCaCerts({ [DEFERRED_EXTRA_CA_CERTS]: join(ca.dir, 'missing.pem') })!;
    let agentsMade = 0;
    const exchange = createNodeHttpExchange({ httpsAgent: () => (agentsMade++, deferred()) });
    const response = await exchange(get(`http://127.0.0.1:${(plain.address() as AddressInfo).port}/`));
    assert.equal(response.body, 'plain');
    assert.equal(agentsMade, 0);
  } finally {
    plain.close();
  }
});
