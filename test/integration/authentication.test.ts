// Authentication on every /v1 endpoint: header forms, 401 for malformed/unknown/revoked tokens
// (Aiven error body), IP allowlists (403), and failed-auth rate limiting (429) that never reaches
// the database once the checksum fails.
import { Agent, request as httpRequest } from 'node:http';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateToken } from '../../src/domain/token-format.js';
import { ManualClock } from '../../src/domain/clock.js';
import {
  aivenError, apiCaller, countingStore, createOrganization, createToken, createUser, startServerWithUser, startTestServer, tokensPath, type TestServer,
} from './support/test-server.js';

let server: TestServer;
let org: string;
let user: string;
before(async () => {
  ({ server, org, user } = await startServerWithUser());
});
after(() => server.close());

test('aivenv1 and Bearer schemes both work (scheme is case-insensitive)', async () => {
  const token = await createToken(server.api, org, user);
  for (const header of [`aivenv1 ${token.full_token}`, `Bearer ${token.full_token}`, `bearer ${token.full_token}`, `AIVENV1 ${token.full_token}`]) {
    const response = await server.api('GET', '/v1/me', { token: null, headers: { authorization: header } });
    assert.equal(response.status, 200, header.split(' ')[0]);
  }
});

test('every /v1 endpoint needs a token: 401 with the Aiven body', async () => {
  const paths: Array<[string, string]> = [
    ['GET', '/v1/me'], ['GET', '/v1/organizations'], ['POST', '/v1/organizations'], ['GET', `/v1/organization/${org}`],
    ['PATCH', `/v1/organization/${org}`], ['DELETE', `/v1/organization/${org}`], ['GET', '/v1/account'], ['POST', '/v1/account'],
    ['GET', `/v1/organization/${org}/application-users`], ['POST', `/v1/organization/${org}/application-users`],
    ['GET', `/v1/organization/${org}/application-users/${user}/access-tokens`], ['POST', '/v1/token/introspect'],
  ];
  for (const [method, path] of paths) {
    const response = await server.api(method, path, { token: null });
    assert.equal(response.status, 401, `${method} ${path}`);
    assert.equal(aivenError(response).error_code, 'invalid_token');
    assert.equal(response.headers.get('www-authenticate'), 'aivenv1');
  }
  assert.equal((await server.api('GET', `/v1/organization/${org}`)).status, 200, 'the organization survived');
});

test('malformed, bad-checksum, unknown and wrong-scheme tokens get 401', async () => {
  const real = generateToken();
  const badChecksum = real.slice(0, -1) + (real.endsWith('A') ? 'B' : 'A');
  for (const header of ['aivenv1 nonsense', `aivenv1 ${badChecksum}`, `aivenv1 ${generateToken()}`, `Basic ${real}`, 'aivenv1', 'aivenv1 ']) {
    const response = await server.api('GET', '/v1/me', { token: null, headers: { authorization: header } });
    assert.equal(response.status, 401, header.slice(0, 20));
    assert.ok(!response.text.includes(real), 'the token is not echoed back');
    aivenError(response);
  }
});

test('ip_allowlist: 403 api_client_ip_allowlist_blocks_caller outside, allowed inside', async () => {
  const elsewhere = await createToken(server.api, org, user, { description: 'elsewhere', ip_allowlist: ['10.0.0.0/8', '2001:db8::/32'] });
  const blocked = await server.api('GET', '/v1/me', { token: elsewhere.full_token });
  assert.equal(blocked.status, 403);
  assert.equal(aivenError(blocked).error_code, 'api_client_ip_allowlist_blocks_caller');
  assert.match(aivenError(blocked).message, /127\.0\.0\.1/);
  const here = await createToken(server.api, org, user, { description: 'here', ip_allowlist: ['10.0.0.0/8', '127.0.0.0/8'] });
  assert.equal((await server.api('GET', '/v1/me', { token: here.full_token })).status, 200);
});

test('ip_allowlist with IPv6: a server on ::1 allows ::1/128 and blocks a v4-only list', async (t) => {
  let v6: TestServer;
  try {
    v6 = await startTestServer({ host: '::1' });
  } catch (error) {
    t.skip(`IPv6 loopback unavailable here: ${(error as Error).message}`);
    return;
  }
  try {
    const o = await createOrganization(v6.api);
    const u = await createUser(v6.api, o);
    const ok = await createToken(v6.api, o, u, { description: 'v6', ip_allowlist: ['::1/128'] });
    const v4only = await createToken(v6.api, o, u, { description: 'v4', ip_allowlist: ['127.0.0.0/8'] });
    assert.equal((await v6.api('GET', '/v1/me', { token: ok.full_token })).status, 200);
    const blocked = await v6.api('GET', '/v1/me', { token: v4only.full_token });
    assert.equal(blocked.status, 403);
    assert.equal(aivenError(blocked).error_code, 'api_client_ip_allowlist_blocks_caller');
  } finally {
    await v6.close();
  }
});

test('failed authentications from one address are limited (429) without touching the database', async () => {
  let counter!: ReturnType<typeof countingStore>;
  const limited = await startTestServer({
    authFailureLimit: 5,
    clock: new ManualClock(Date.now()),
    // no background last-use write inside the counted window (on a loaded machine one landed there)
    lastUseFlushIntervalMs: 3_600_000,
    wrapStore: (store) => (counter = countingStore(store)).store,
  });
  try {
    const o = await createOrganization(limited.api);
    const u = await createUser(limited.api, o);
    const good = await createToken(limited.api, o, u);
    assert.equal((await limited.api('GET', '/v1/me', { token: good.full_token })).status, 200, 'cached now');

    const callsBefore = counter.total();
    const forged = generateToken().slice(0, -6) + '000000';
    for (let i = 0; i < 5; i++) {
      const response = await limited.api('GET', '/v1/me', { token: i % 2 ? forged : 'tsr_garbage' });
      assert.equal(response.status, 401);
    }
    const limitedResponse = await limited.api('GET', '/v1/me', { token: forged });
    assert.equal(limitedResponse.status, 429);
    assert.equal(aivenError(limitedResponse).error_code, 'too_many_failed_authentications');
    assert.ok(Number(limitedResponse.headers.get('retry-after')) >= 1);
    assert.equal(counter.total(), callsBefore, 'no store call for failed or limited authentications');
    // well-formed tokens never seen here are still looked up from the limited address, at most one a
    // second (so a valid one gets in): the first is, the one right after it is refused before any lookup
    const unknown = await limited.api('GET', '/v1/me', { token: generateToken() });
    assert.equal(unknown.status, 401);
    assert.equal(counter.total(), callsBefore + 1);
    const paced = await limited.api('GET', '/v1/me', { token: generateToken() });
    assert.equal(paced.status, 429);
    assert.equal(counter.total(), callsBefore + 1, 'no lookup for the second within a second');
    // a caller whose token is already verified (cached) keeps working from the same address
    assert.equal((await limited.api('GET', '/v1/me', { token: good.full_token })).status, 200);
  } finally {
    await limited.close();
  }
});

test('unknown well-formed tokens are looked up (by digest), malformed ones never are', async () => {
  let counter!: ReturnType<typeof countingStore>;
  const s = await startTestServer({ wrapStore: (store) => (counter = countingStore(store)).store });
  try {
    const lookups = () => counter.calls.get('findTokenByDigest') ?? 0;
    const before = lookups();
    const api = apiCaller(s.url, s.adminToken);
    await api('GET', '/v1/me', { token: 'tsr_' + 'a'.repeat(49) });
    assert.equal(lookups(), before);
    await api('GET', '/v1/me', { token: generateToken() });
    assert.equal(lookups(), before + 1);
  } finally {
    await s.close();
  }
});

test('one kept-alive connection: a revoked token is refused on its next request, and each token is its own principal', async () => {
  // A connection remembers its last token's digest (TokenVerifier's ConnectionToken): nothing else
  // may change, above all not revocation on the very connection that used the token a moment ago.
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const sockets = new Set<unknown>();
  const me = (token: string) =>
    new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = httpRequest(`${server.url}/v1/me`, { agent, headers: { authorization: `aivenv1 ${token}` } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
      });
      req.on('socket', (socket) => sockets.add(socket));
      req.on('error', reject);
      req.end();
    });
  try {
    const first = await createToken(server.api, org, user, { description: 'kept-alive 1' });
    const second = await createToken(server.api, org, user, { description: 'kept-alive 2' });
    for (const token of [first, first, second, first, second, second]) {
      const response = await me(token.full_token);
      assert.equal(response.status, 200);
      assert.equal(response.body.user.token_prefix, token.token_prefix);
    }
    assert.equal((await server.api('DELETE', `${tokensPath(org, user)}/${encodeURIComponent(second.token_prefix)}`)).status, 204);
    const refused = await me(second.full_token);
    assert.equal(refused.status, 401);
    assert.equal(refused.body.errors[0].error_code, 'invalid_token');
    assert.equal((await me(first.full_token)).status, 200);
    assert.equal((await me(second.full_token)).status, 401, 'still refused after another token on the connection');
    assert.equal(sockets.size, 1, 'every request went over the one connection');
  } finally {
    agent.destroy();
  }
});
