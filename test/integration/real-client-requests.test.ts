// What real clients send and expect, kept fixed without the clients (test/compat/ drives the clients
// themselves): avn sends Content-Type application/octet-stream with an empty body on GET and DELETE and
// Aiven's Go client application/json on every call; avn's `user info` reads UserInfo's fields from /v1/me;
// typed clients' not-found helpers and the official provider's delete need a 404 however an id is spelled.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { aivenError, createOrganization, createToken, createUser, startTestServer, tokensPath, type TestServer } from './support/test-server.js';

let server: TestServer;
let org: string;
let user: string;
before(async () => {
  server = await startTestServer();
  org = await createOrganization(server.api, 'Clients');
  user = await createUser(server.api, org, 'svc');
});
after(() => server.close());

/** A request exactly as a client sends it on a call without a body: a Content-Type and no bytes. */
async function emptyBodied(method: string, path: string, contentType: string, token = server.adminToken) {
  return fetch(server.url + path, {
    method,
    headers: { authorization: `aivenv1 ${token}`, 'content-type': contentType, 'content-length': '0' },
  });
}

for (const contentType of ['application/octet-stream', 'application/json', 'text/plain', 'application/x-www-form-urlencoded']) {
  test(`an empty body with Content-Type ${contentType} is accepted on GET and DELETE (revoke, user delete, account delete)`, async () => {
    const { api } = server;
    const token = await createToken(api, org, user, { description: 'to revoke' });
    const doomed = await createUser(api, org, 'doomed');
    const account = (await api('POST', '/v1/account', { body: { account_name: 'doomed' } })).body.account;

    const listed = await emptyBodied('GET', tokensPath(org, user), contentType);
    assert.equal(listed.status, 200);
    assert.ok(((await listed.json()) as any).tokens.some((t: any) => t.token_prefix === token.token_prefix));
    assert.equal((await emptyBodied('GET', '/v1/me', contentType)).status, 200);

    assert.equal((await emptyBodied('DELETE', `${tokensPath(org, user)}/${token.token_prefix}`, contentType)).status, 204);
    assert.equal((await emptyBodied('DELETE', `/v1/organization/${org}/application-users/${doomed}`, contentType)).status, 204);
    assert.equal((await emptyBodied('DELETE', `/v1/account/${account.account_id}`, contentType)).status, 204);

    assert.equal((await api('GET', `${tokensPath(org, user)}`)).body.tokens.some((t: any) => t.token_prefix === token.token_prefix), false);
    assert.equal((await api('GET', `/v1/organization/${org}/application-users/${doomed}`)).status, 404);
    assert.equal((await api('GET', `/v1/account/${account.account_id}`)).status, 404);
  });
}

test('a non-empty body of a type Tessera does not read is still a 415 that changes nothing', async () => {
  const before = (await server.api('GET', '/v1/organizations')).body.organizations.length;
  const response = await server.api('POST', '/v1/organizations', { rawBody: 'organization_name=x', headers: { 'content-type': 'application/octet-stream' } });
  assert.equal(response.status, 415);
  assert.equal(aivenError(response).error_code, 'unsupported_media_type');
  assert.equal((await server.api('GET', '/v1/organizations')).body.organizations.length, before);
});

test("/v1/me carries Aiven's UserInfo fields with values that hold for an application user", async () => {
  const token = await createToken(server.api, org, user, { description: 'who am i', scopes: ['user:read'] });
  const response = await server.api('GET', '/v1/me', { token: token.full_token });
  assert.equal(response.status, 200);
  const me = response.body.user;
  const userCreated = (await server.api('GET', `/v1/organization/${org}/application-users/${user}`)).body.create_time;
  assert.equal(me.user, `${user}@${org}.application-users.tessera.invalid`);
  assert.equal(me.user_id, user);
  assert.equal(me.real_name, 'svc');
  assert.equal(me.state, 'active');
  assert.equal(me.token_validity_begin, userCreated);
  assert.equal(me.create_time, userCreated);
  assert.deepEqual(me.projects, []);
  assert.deepEqual(me.auth, []);
  assert.deepEqual(me.invitations, []);
  assert.deepEqual(me.project_membership, {});
  assert.deepEqual(me.project_memberships, {});
  assert.equal(me.managed_by_scim, false);
  assert.equal(me.managing_organization_id, org);
  assert.equal(me.tenant, 'aiven');
  // Tessera's own fields stay
  assert.equal(me.kind, 'application_user');
  assert.equal(me.organization_id, org);
  assert.equal(me.token_prefix, token.token_prefix);
  assert.deepEqual(me.scopes, ['user:read']);

  const admin = (await server.api('GET', '/v1/me')).body.user;
  assert.equal(admin.state, 'active');
  assert.equal(admin.token_validity_begin, null);
  assert.deepEqual(admin.projects, []);
  assert.deepEqual(admin.auth, []);
});

test('a missing object is a 404 however its id is spelled, on every route that takes an id', async () => {
  const { api } = server;
  const live = await createToken(api, org, user, { description: 'still here' });
  const foreignIds = ['4a1b2c3d', 'ORG-UPPER', 'u', 'a very long id with spaces', '12345678-aaaa-bbbb-cccc-1234567890ab', 'ÿ-ünïcode'];
  const foreignPrefixes = ['abc/def', 'abc+def=', 'a/b+c=d==', '/leading', 'trailing/', 'tsr_short', `${live.token_prefix}x`];
  const attempts: Array<[string, string, unknown?]> = [];
  for (const id of foreignIds.map(encodeURIComponent)) {
    attempts.push(
      ['GET', `/v1/organization/${id}`],
      ['PATCH', `/v1/organization/${id}`, { name: 'x' }],
      ['DELETE', `/v1/organization/${id}`],
      ['GET', `/v1/account/${id}`],
      ['PUT', `/v1/account/${id}`, { account_name: 'x' }],
      ['DELETE', `/v1/account/${id}`],
      ['GET', `/v1/organization/${id}/application-users`],
      ['GET', `/v1/organization/${org}/application-users/${id}`],
      ['PATCH', `/v1/organization/${org}/application-users/${id}`, { name: 'x' }],
      ['DELETE', `/v1/organization/${org}/application-users/${id}`],
      ['GET', tokensPath(org, id)],
      ['POST', tokensPath(org, id), { description: 'x' }],
      ['DELETE', `${tokensPath(org, id)}/${live.token_prefix}`],
    );
  }
  for (const prefix of foreignPrefixes) attempts.push(['DELETE', `${tokensPath(org, user)}/${encodeURIComponent(prefix)}`]);
  for (const [method, path, body] of attempts) {
    const response = await api(method, path, { body });
    assert.equal(response.status, 404, `${method} ${path}: ${response.text.slice(0, 200)}`);
    assert.match(aivenError(response).error_code, /_not_found$/, `${method} ${path}`);
  }
  const still = (await api('GET', tokensPath(org, user))).body.tokens.map((t: any) => t.token_prefix);
  assert.ok(still.includes(live.token_prefix), 'no lookalike prefix revoked the live token');
});

test('a token prefix holding "/", "+" or "=" is matched exactly after URL-decoding', async () => {
  // Aiven's own prefixes can hold these characters; a Tessera prefix never does, so a store row is made
  // directly to prove the route decodes and matches the whole prefix.
  const { store } = server.tessera.context;
  const prefix = 'ab/c+d=';
  const now = Date.now();
  await store.createToken({
    token: {
      tokenPrefix: prefix, kind: 'application_user', userId: user, organizationId: org, description: 'aiven-shaped', createTime: now,
      createdManually: true, maxAgeSeconds: 600, requestedMaxAgeSeconds: 600, extendWhenUsed: false, expiryTime: now + 600_000,
      lastUsedTime: null, lastIp: null, lastUserAgent: null, lastUserAgentHumanReadable: null, scopes: null, ipAllowlist: null,
    },
    digest: 'd'.repeat(64),
  });
  const listed = (await server.api('GET', tokensPath(org, user))).body.tokens.map((t: any) => t.token_prefix);
  assert.ok(listed.includes(prefix));
  assert.equal((await server.api('DELETE', `${tokensPath(org, user)}/${encodeURIComponent('ab/c+d')}`)).status, 404);
  assert.equal((await server.api('DELETE', `${tokensPath(org, user)}/${encodeURIComponent(prefix)}`)).status, 204);
  assert.equal((await server.api('DELETE', `${tokensPath(org, user)}/${encodeURIComponent(prefix)}`)).status, 404, 'already gone: 404');
});
