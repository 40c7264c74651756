// The failed-authentication limiter (issue 15, items 2 and 3): neighbours' failures never turn away a
// valid token (a new one, one whose cache entry aged out, or next to clients of a revoked token); a
// revoked token hammered from an address is limited itself; a full table keeps limiting (least
// recently seen addresses are evicted); IPv6 sources count per /64. Client addresses come from
// X-Forwarded-For through a trusted proxy (127.0.0.1), as behind a load balancer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/domain/clock.js';
import { generateToken } from '../../src/domain/token-format.js';
import { aivenError, createOrganization, createToken, createUser, startTestServer, tokensPath, type TestServer } from './support/test-server.js';
import { openRaw } from './support/raw-http.js';

const LIMIT = 30;
let server: TestServer;
let clock: ManualClock;
let org: string;
let user: string;
before(async () => {
  clock = new ManualClock(Date.now());
  server = await startTestServer({ authFailureLimit: LIMIT, trustProxy: '127.0.0.1', clock });
  org = await createOrganization(server.api);
  user = await createUser(server.api, org);
});
after(() => server.close());

const from = (address: string, token: string | null) => server.api('GET', '/v1/me', { token, headers: { 'x-forwarded-for': address } });
const badChecksum = () => generateToken().slice(0, -6) + '000000';

async function failFrom(address: string, times: number, token: () => string = badChecksum): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < times; i++) statuses.push((await from(address, token())).status);
  return statuses;
}

test('after 30 failures from an address, a valid token never used before still gets in', async () => {
  const fresh = await createToken(server.api, org, user, { description: 'fresh' });
  await failFrom('198.51.100.1', LIMIT);
  assert.equal((await from('198.51.100.1', badChecksum())).status, 429, 'the address is limited');
  const response = await from('198.51.100.1', fresh.full_token);
  assert.equal(response.status, 200, response.text);
});

test('a cached token keeps working after its cache entry ages out while its address is limited', async () => {
  const used = await createToken(server.api, org, user, { description: 'in use' });
  assert.equal((await from('198.51.100.2', used.full_token)).status, 200);
  clock.advance(30_000);
  await failFrom('198.51.100.2', LIMIT);
  clock.advance(31_000); // the cache entry is now 61 s old; the address's window has 29 s to go
  assert.equal((await from('198.51.100.2', badChecksum())).status, 429);
  assert.equal((await from('198.51.100.2', used.full_token)).status, 200);
});

test('clients still using a revoked token limit that token, not their neighbours', async () => {
  const revoked = await createToken(server.api, org, user, { description: 'revoked' });
  const neighbour = await createToken(server.api, org, user, { description: 'neighbour' });
  assert.equal((await from('198.51.100.3', revoked.full_token)).status, 200);
  assert.equal((await server.api('DELETE', `${tokensPath(org, user)}/${revoked.token_prefix}`)).status, 204);
  // eight threads, each retrying
  const statuses = (await Promise.all(Array.from({ length: 8 }, () => failFrom('198.51.100.3', 6, () => revoked.full_token)))).flat();
  // A failure is counted when its lookup ends: with eight lookups in flight at once (PostgreSQL answers
  // them concurrently), up to seven more may pass the check before the count reaches the limit.
  const refused = statuses.filter((s) => s === 401).length;
  assert.ok(refused >= LIMIT && refused <= LIMIT + 7, `${refused} lookups answered 401 (limit ${LIMIT}, 8 in flight)`);
  assert.equal(statuses.filter((s) => s === 429).length, 48 - refused);
  const limited = await from('198.51.100.3', revoked.full_token);
  assert.equal(limited.status, 429);
  assert.equal(aivenError(limited).error_code, 'too_many_failed_authentications');
  // the neighbour, never seen before, is looked up and let in (and again, and from another address)
  for (let i = 0; i < 3; i++) assert.equal((await from('198.51.100.3', neighbour.full_token)).status, 200);
});

test('IPv6 sources count per /64', async () => {
  const statuses: number[] = [];
  for (let i = 1; i <= LIMIT + 1; i++) statuses.push((await from(`2001:db8:aa:bb::${i.toString(16)}`, 'tsr_garbage')).status);
  assert.deepEqual(statuses.slice(0, LIMIT), Array(LIMIT).fill(401));
  assert.equal(statuses[LIMIT], 429, 'the 31st address of the same /64 is limited');
  assert.equal((await from('2001:db8:aa:bc::1', 'tsr_garbage')).status, 401, 'another /64 is not');
});

test('a full table does not disable limiting: after 100,000 other addresses, a new one is still limited', { timeout: 180_000 }, async () => {
  // 100,000 single failures from distinct addresses, pipelined on one connection
  const connection = await openRaw(server.url);
  let answered = 0;
  let tail = '';
  connection.socket.on('data', (chunk: Buffer) => {
    const text = tail + chunk.toString('latin1');
    answered += text.split('HTTP/1.1 401').length - 1;
    tail = text.slice(-12);
  });
  const total = 100_000;
  for (let start = 0; start < total; start += 1000) {
    let batch = '';
    for (let i = start; i < start + 1000; i++) {
      batch += `GET /v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: aivenv1 tsr_garbage\r\nX-Forwarded-For: 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}\r\n\r\n`;
    }
    connection.write(batch);
    while (answered < start - 5000) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  while (answered < total) await new Promise((resolve) => setTimeout(resolve, 20));
  connection.destroy();
  const statuses = await failFrom('203.0.113.77', LIMIT + 1, () => 'tsr_garbage');
  assert.equal(statuses[LIMIT], 429, `statuses: ${statuses.join(',')}`);
});
