// Revocation by whoever holds a token: POST /v1/token/revoke (RFC 7009 shape, form or JSON `token`),
// no other credential, always 200, rate-limited per address, no database work for a string that
// fails the checksum, recorded as token.revoked_by_holder with the caller's address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateToken } from '../../src/domain/token-format.js';
import { AivenClient } from '../../src/client/aiven-client.js';
import {
  aivenError, countingStore, createOrganization, createToken, createUser, startServerWithUser, startTestServer, tokensPath,
} from './support/test-server.js';

test('the holder revokes a token with JSON or a form and nothing else; it is refused at once and recorded', async () => {
  const { server, org, user } = await startServerWithUser();
  try {
    const { api } = server;
    const viaJson = await createToken(api, org, user);
    const viaForm = await createToken(api, org, user);
    for (const token of [viaJson, viaForm]) assert.equal((await api('GET', '/v1/me', { token: token.full_token })).status, 200);

    const json = await api('POST', '/v1/token/revoke', { token: null, body: { token: viaJson.full_token }, headers: { 'user-agent': 'finder/1.0' } });
    assert.equal(json.status, 200);
    assert.deepEqual(json.body, {});
    const form = await api('POST', '/v1/token/revoke', {
      token: null,
      rawBody: new URLSearchParams({ token: viaForm.full_token, token_type_hint: 'access_token' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(form.status, 200);

    for (const token of [viaJson, viaForm]) {
      const refused = await api('GET', '/v1/me', { token: token.full_token });
      assert.equal(refused.status, 401);
      assert.equal(aivenError(refused).error_code, 'invalid_token');
    }
    assert.deepEqual((await api('GET', tokensPath(org, user))).body.tokens, []);
    const events = (await api('GET', `/v1/organization/${org}/events?action=token.revoked_by_holder`)).body.events;
    assert.deepEqual(
      events.map((e: any) => [e.target, e.actor, e.actor_token_prefix, e.ip, e.details.user_id]),
      [
        [viaJson.token_prefix, 'token_holder', viaJson.token_prefix, '127.0.0.1', user],
        [viaForm.token_prefix, 'token_holder', viaForm.token_prefix, '127.0.0.1', user],
      ],
    );
    assert.equal(events[0].user_agent, 'finder/1.0');
    // revoking again, or a token that never existed: the same answer
    for (const token of [viaJson.full_token, generateToken()]) {
      const again = await api('POST', '/v1/token/revoke', { token: null, body: { token } });
      assert.equal(again.status, 200);
      assert.deepEqual(again.body, {});
    }
    assert.equal((await api('GET', `/v1/organization/${org}/events?action=token.revoked_by_holder`)).body.events.length, 2);
  } finally {
    await server.close();
  }
});

test('the typed client revokes a token without credentials of its own', async () => {
  const { server, org, user } = await startServerWithUser();
  try {
    const token = await createToken(server.api, org, user);
    await new AivenClient({ baseUrl: server.url }).revokeToken(token.full_token);
    assert.equal((await server.api('GET', '/v1/me', { token: token.full_token })).status, 401);
  } finally {
    await server.close();
  }
});

test('a string that fails the checksum costs no database work; a well-formed unknown one costs one lookup', async () => {
  let counter!: ReturnType<typeof countingStore>;
  const server = await startTestServer({ wrapStore: (store) => (counter = countingStore(store)).store });
  try {
    const real = generateToken();
    const broken = real.slice(0, -1) + (real.endsWith('A') ? 'B' : 'A');
    const before = counter.total();
    for (const token of [broken, 'tsr_short', 'not a token at all', '']) {
      const response = await server.api('POST', '/v1/token/revoke', { token: null, body: { token } });
      assert.equal(response.status, 200, token);
    }
    assert.equal(counter.total() - before, 0, `database calls: ${JSON.stringify([...counter.calls])}`);
    await server.api('POST', '/v1/token/revoke', { token: null, body: { token: real } });
    assert.equal(counter.calls.get('revokeTokenByDigest'), 1);
  } finally {
    await server.close();
  }
});

test('requests are limited per client address: 429 with Retry-After once over the limit', async () => {
  const server = await startTestServer({ revocationLimit: 5, trustProxy: '127.0.0.1' });
  try {
    const org = await createOrganization(server.api);
    const user = await createUser(server.api, org);
    const token = await createToken(server.api, org, user);
    const revoke = (ip: string, value: string) =>
      server.api('POST', '/v1/token/revoke', { token: null, body: { token: value }, headers: { 'x-forwarded-for': ip } });
    for (let i = 0; i < 5; i++) assert.equal((await revoke('203.0.113.1', generateToken())).status, 200);
    const limited = await revoke('203.0.113.1', token.full_token);
    assert.equal(limited.status, 429);
    assert.equal(aivenError(limited).error_code, 'too_many_revocations');
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    assert.equal((await server.api('GET', '/v1/me', { token: token.full_token })).status, 200, 'a limited request revoked nothing');
    // another address is not affected
    assert.equal((await revoke('203.0.113.2', token.full_token)).status, 200);
    assert.equal((await server.api('GET', '/v1/me', { token: token.full_token })).status, 401);
  } finally {
    await server.close();
  }
});

test('bad requests are 400s with the Aiven body; an Authorization header is neither needed nor used', async () => {
  const { server, org, user } = await startServerWithUser();
  try {
    for (const [options, pattern] of [
      [{ body: {} }, /token is required/],
      [{ body: { token: 42 } }, /token must be string/],
      [{ body: { token: 'x', extra: 1 } }, /unknown field 'extra'/],
      [{ rawBody: '{"token":', headers: { 'content-type': 'application/json' } }, /not valid JSON/],
    ] as const) {
      const response = await server.api('POST', '/v1/token/revoke', { token: null, ...options });
      assert.equal(response.status, 400);
      assert.match(aivenError(response).message, pattern);
    }
    // the caller's own (valid) token does not make it revoke anything else, and is not revoked itself
    const own = await createToken(server.api, org, user);
    const target = await createToken(server.api, org, user);
    assert.equal((await server.api('POST', '/v1/token/revoke', { token: own.full_token, body: { token: target.full_token } })).status, 200);
    assert.equal((await server.api('GET', '/v1/me', { token: own.full_token })).status, 200);
    assert.equal((await server.api('GET', '/v1/me', { token: target.full_token })).status, 401);
  } finally {
    await server.close();
  }
});
