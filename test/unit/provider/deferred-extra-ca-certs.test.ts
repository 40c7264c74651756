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
import { createHttp1Exchange } from '../../../src/client/http1-exchange.js';
import { DEFERRED_EXTRA_CA_CERTS, deferredTlsCa, LAUNCHER_CA_STORE_OPTION } from '../../../src/provider/deferred-extra-ca-certs.js';
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

test('nothing deferred: the client keeps Node\'s default trust', () => {
  assert.equal(deferredTlsCa({}), undefined);
});

test("under the launcher's --use-openssl-ca, the client trusts Node's bundled roots, as Node does without it", async () => {
  const tlsCa = deferredTlsCa({}, [LAUNCHER_CA_STORE_OPTION]);
  assert.ok(tlsCa);
  assert.deepEqual(await tlsCa(), [...rootCertificates]);
  await assert.rejects(createHttp1Exchange({ tlsCa })(get(httpsUrl)), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
});

test('the default trust does not include the test CA (so the next test proves something)', async () => {
  await assert.rejects(createHttp1Exchange()(get(httpsUrl)), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
});

test('deferred certificates are trusted on HTTPS requests', async () => {
  const tlsCa = deferredTlsCa({ [DEFERRED_EXTRA_CA_CERTS]: ca.caFile });
  assert.ok(tlsCa);
  const response = await createHttp1Exchange({ tlsCa })(get(httpsUrl));
  assert.equal(response.status, 200);
  assert.equal(response.body, 'trusted');
});

test('an unreadable bundle falls back to the default roots with a warning, as Node does', async () => {
  const tlsCa = deferredTlsCa({ [DEFERRED_EXTRA_CA_CERTS]: join(ca.dir, 'missing.pem') });
  assert.ok(tlsCa);
  const warned = once(process, 'warning');
  await assert.rejects(createHttp1Exchange({ tlsCa })(get(httpsUrl)), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  const [warning] = (await warned) as [Error];
  assert.match(warning.message, /Ignoring extra certificates from .*missing\.pem/);
});

test('plain HTTP goes straight through, without reading the bundle', async () => {
  const plain = createHttpServer((_req, res) => res.end('plain'));
  await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
  try {
    const deferred = deferredTlsCa({ [DEFERRED_EXTRA_CA_CERTS]: join(ca.dir, 'missing.pem') })!;
    let trustsRead = 0;
    const exchange = createHttp1Exchange({ tlsCa: () => (trustsRead++, deferred()) });
    const response = await exchange(get(`http://127.0.0.1:${(plain.address() as AddressInfo).port}/`));
    assert.equal(response.body, 'plain');
    assert.equal(trustsRead, 0);
  } finally {
    plain.closeAllConnections();
    plain.close();
  }
});
