// X-Forwarded-For is believed only through listed proxies (issue 15, item 6), and then the client is
// the right-most address that is not a trusted proxy: what a client writes into the header itself
// (spoofed addresses to the left) passes no ip_allowlist, sets no last_ip, and moves no rate limit.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../../src/server/app.js';
import { openStore } from '../../src/store/open-store.js';
import { createOrganization, createToken, createUser, startTestServer, testDatabase, tokensPath, type TestServer } from './support/test-server.js';

let server: TestServer;
let org: string;
let user: string;
before(async () => {
  // the test client connects from 127.0.0.1, the "proxy"; 10.9.0.0/16 is a second proxy tier
  server = await startTestServer({ trustProxy: '127.0.0.1, 10.9.0.0/16', authFailureLimit: 3 });
  org = await createOrganization(server.api);
  user = await createUser(server.api, org);
});
after(() => server.close());

const as = (token: string, xff: string) => server.api('GET', '/v1/me', { token, headers: { 'x-forwarded-for': xff } });

test('the client is the right-most untrusted address: a spoofed left-most entry passes no allowlist', async () => {
  const office = await createToken(server.api, org, user, { description: 'office', ip_allowlist: ['203.0.113.0/24'] });
  // the client (198.51.100.9) claims to be in the office; the proxies append what they saw
  const spoofed = await as(office.full_token, '203.0.113.5, 198.51.100.9, 10.9.1.1');
  assert.equal(spoofed.status, 403);
  assert.match(spoofed.text, /198\.51\.100\.9/);
  const real = await as(office.full_token, '198.51.100.9, 203.0.113.5, 10.9.1.1');
  assert.equal(real.status, 200, real.text);
  const listed = (await server.api('GET', tokensPath(org, user))).body.tokens.find((t: any) => t.token_prefix === office.token_prefix);
  assert.equal(listed.last_ip, '203.0.113.5');
});

test('spoofed entries neither evade nor cause rate limiting', async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++) statuses.push((await as('tsr_garbage', `192.0.2.${i}, 198.51.100.20`)).status);
  assert.deepEqual(statuses, [401, 401, 401, 429], 'a different spoofed address each time does not evade the limit');
  const victim = await as('tsr_garbage', '198.51.100.20, 198.51.100.21');
  assert.equal(victim.status, 401, 'the address spoofed by nobody but written to the left is not limited for 198.51.100.21');
});

test('trustProxy: true is refused when the app is built', async () => {
  const database = testDatabase();
  const store = await openStore(database.location);
  try {
    await assert.rejects(buildApp({ store, trustProxy: true, logger: false }), /TESSERA_TRUST_PROXY=true would believe any X-Forwarded-For/);
  } finally {
    await store.close();
    database.cleanup();
  }
});
