// POST /v1/token/introspect (RFC 7662): form or JSON body; active tokens described, anything else
// {"active": false}; the caller must be authenticated and its token must allow "authentication".
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateToken } from '../../src/domain/token-format.js';
import { aivenError, createOrganization, createToken, createUser, startServerWithUser, tokensPath, type TestServer } from './support/test-server.js';

let server: TestServer;
let org: string;
let user: string;
before(async () => {
  ({ server, org, user } = await startServerWithUser());
});
after(() => server.close());

const introspectForm = (token: string, caller?: string) =>
  server.api('POST', '/v1/token/introspect', {
    token: caller,
    rawBody: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

test('a valid token is described: active, scope, sub, org, token_prefix, exp, iat', async () => {
  const token = await createToken(server.api, org, user, { description: 'svc', max_age_seconds: 3600, scopes: ['x-deploy:write', 'inventory.example:read'] });
  for (const response of [await introspectForm(token.full_token), await server.api('POST', '/v1/token/introspect', { body: { token: token.full_token } })]) {
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, {
      active: true,
      scope: 'x-deploy:write inventory.example:read',
      sub: user,
      org,
      token_prefix: token.token_prefix,
      exp: Math.floor(Date.parse(token.expiry_time) / 1000),
      iat: Math.floor(Date.parse(token.create_time) / 1000),
      token_type: 'aivenv1',
      ip_allowlist: null,
    });
  }
  // looking at a token is not using it
  const listed = (await server.api('GET', tokensPath(org, user))).body.tokens.find((t: any) => t.token_prefix === token.token_prefix);
  assert.equal(listed.last_used_time, null);
});

test('revoked, unknown, malformed and expired-by-deletion tokens are {"active": false}', async () => {
  const token = await createToken(server.api, org, user);
  assert.equal((await introspectForm(token.full_token)).body.active, true);
  await server.api('DELETE', `${tokensPath(org, user)}/${token.token_prefix}`);
  for (const candidate of [token.full_token, generateToken(), 'not-a-token', '']) {
    const response = await introspectForm(candidate);
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { active: false });
  }
});

test('the caller must authenticate, with a token whose scopes include authentication', async () => {
  const token = await createToken(server.api, org, user);
  const anonymous = await server.api('POST', '/v1/token/introspect', { token: null, body: { token: token.full_token } });
  assert.equal(anonymous.status, 401);
  const boss = await createUser(server.api, org, 'svc', true);
  const noScope = await createToken(server.api, org, boss, { description: 'no auth scope', scopes: ['accounts:read'] });
  const denied = await server.api('POST', '/v1/token/introspect', { token: noScope.full_token, body: { token: token.full_token } });
  assert.equal(denied.status, 403);
  assert.equal(aivenError(denied).error_code, 'token_scope_insufficient');
  const verifier = await createToken(server.api, org, user, { description: 'verifier', scopes: ['authentication'] });
  const allowed = await introspectForm(token.full_token, verifier.full_token);
  assert.equal(allowed.status, 200);
  assert.equal(allowed.body.active, true);
});

test('a missing token field is a 400 naming it', async () => {
  const response = await server.api('POST', '/v1/token/introspect', { body: {} });
  assert.equal(response.status, 400);
  assert.match(aivenError(response).message, /token is required/);
});
