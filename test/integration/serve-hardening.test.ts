// The real `bin/tessera serve` (issue 15, items 5, 6, 11): TESSERA_TRUST_PROXY=true is refused at
// start, asking for the proxies' addresses; the timeouts come from the environment; the process's log
// never carries a token put where it does not belong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTessera } from '../support/tessera.js';
import { apiCaller, createOrganization, createToken, createUser, tokensPath } from './support/test-server.js';
import { openRaw, parseResponse } from './support/raw-http.js';

test('TESSERA_TRUST_PROXY=true refuses to start and asks for the proxy addresses; a bad list entry too', async () => {
  for (const value of ['true', 'TRUE']) {
    await assert.rejects(startTessera({ env: { TESSERA_TRUST_PROXY: value }, timeoutMs: 10_000 }), /TESSERA_TRUST_PROXY=true would believe any X-Forwarded-For.*proxies' addresses/s);
  }
  await assert.rejects(startTessera({ env: { TESSERA_TRUST_PROXY: '10.0.0.1,proxy.internal' }, timeoutMs: 10_000 }), /'proxy\.internal' is not an IP address or CIDR/);
});

test('TESSERA_HEADERS_TIMEOUT_MS, TESSERA_REQUEST_TIMEOUT_MS and TESSERA_IDLE_TIMEOUT_MS are applied', { timeout: 30_000 }, async () => {
  const tessera = await startTessera({
    env: { TESSERA_HEADERS_TIMEOUT_MS: '500', TESSERA_REQUEST_TIMEOUT_MS: '1000', TESSERA_IDLE_TIMEOUT_MS: '700', TESSERA_TRUST_PROXY: '127.0.0.1' },
  });
  try {
    const stalled = await openRaw(tessera.url);
    stalled.write(
      `POST /v1/organizations HTTP/1.1\r\nHost: x\r\nAuthorization: aivenv1 ${tessera.adminToken}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 50\r\n\r\n{',
    );
    const closedAfter = await stalled.closed;
    assert.ok(closedAfter >= 900 && closedAfter < 4000, `closed after ${closedAfter} ms`);
    assert.equal(parseResponse(stalled.received()).status, 408);
    const idle = await openRaw(tessera.url);
    idle.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    await idle.waitFor(/"status":"ok"/);
    const idleClosed = await idle.closed;
    assert.ok(idleClosed < 3000, `idle connection closed after ${idleClosed} ms`);
  } finally {
    await tessera.stop();
  }
});

test("the server's log never carries a token sent in a path or a body", async () => {
  const tessera = await startTessera({ env: { TESSERA_LOG_LEVEL: 'debug' } });
  let secret = '';
  try {
    const admin = apiCaller(tessera.url, tessera.adminToken);
    const org = await createOrganization(admin, 'Paths');
    const user = await createUser(admin, org);
    secret = (await createToken(admin, org, user)).full_token;
    // a missing object is a 404 however its id is spelled (real clients rely on it)
    assert.equal((await admin('DELETE', `${tokensPath(org, user)}/${secret}`)).status, 404);
    await admin('GET', `/v1/organization/${secret}`);
    await admin('POST', '/v1/organizations', { body: { organization_name: 1, [secret]: secret } });
  } finally {
    await tessera.stop();
  }
  const output = tessera.output();
  assert.match(output, /access-tokens\/tsr_\w{10}…\[redacted\]/, 'the DELETE was logged, with the token redacted');
  assert.ok(!output.includes(secret.slice(14)), 'the secret part of the token is in the log');
});
