// Application users: create, list, get, update, delete (which revokes every token of the user).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { aivenError, createOrganization, createToken, startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
let org: string;
before(async () => {
  server = await startTestServer();
  org = await createOrganization(server.api);
});
after(() => server.close());

test('create, list, get, update and delete an application user', async () => {
  const { api } = server;
  const base = `/v1/organization/${org}/application-users`;
  const created = await api('POST', base, { body: { name: 'ci-bot' } });
  assert.equal(created.status, 200);
  const user = created.body;
  assert.match(user.user_id, /^u[0-9a-f]{12}$/);
  assert.equal(user.name, 'ci-bot');
  assert.equal(user.is_super_admin, false);
  assert.match(user.user_email, /@/);
  assert.ok(Date.parse(user.create_time) > 0);

  const list = await api('GET', base);
  assert.deepEqual(list.body.application_users, [user]);
  assert.deepEqual((await api('GET', `${base}/${user.user_id}`)).body, user);

  const patched = await api('PATCH', `${base}/${user.user_id}`, { body: { name: 'ci-bot-2', is_super_admin: true } });
  assert.equal(patched.status, 200);
  assert.equal(patched.body.name, 'ci-bot-2');
  assert.equal(patched.body.is_super_admin, true);
  assert.equal(patched.body.create_time, user.create_time);

  assert.equal((await api('DELETE', `${base}/${user.user_id}`)).status, 204);
  const gone = await api('GET', `${base}/${user.user_id}`);
  assert.equal(gone.status, 404);
  assert.equal(aivenError(gone).error_code, 'organization_user_not_found');
  assert.equal((await api('DELETE', `${base}/${user.user_id}`)).status, 404);
});

test('users of an unknown organization: 404 organization_not_found', async () => {
  const response = await server.api('GET', '/v1/organization/org000000000000/application-users');
  assert.equal(response.status, 404);
  assert.equal(aivenError(response).error_code, 'organization_not_found');
});

test('deleting a user revokes all its tokens at once', async () => {
  const { api } = server;
  const base = `/v1/organization/${org}/application-users`;
  const user = (await api('POST', base, { body: { name: 'doomed' } })).body.user_id as string;
  const a = await createToken(api, org, user);
  const b = await createToken(api, org, user);
  assert.equal((await api('GET', '/v1/me', { token: a.full_token })).status, 200, 'token a works (and is now cached)');
  assert.equal((await api('GET', '/v1/me', { token: b.full_token })).status, 200);
  assert.equal((await api('DELETE', `${base}/${user}`)).status, 204);
  assert.equal((await api('GET', '/v1/me', { token: a.full_token })).status, 401);
  assert.equal((await api('GET', '/v1/me', { token: b.full_token })).status, 401);
});

test('demoting a super admin takes effect at once, even for a cached token', async () => {
  const { api } = server;
  const base = `/v1/organization/${org}/application-users`;
  const user = (await api('POST', base, { body: { name: 'boss', is_super_admin: true } })).body.user_id as string;
  const token = await createToken(api, org, user);
  assert.equal((await api('GET', base, { token: token.full_token })).status, 200);
  assert.equal((await api('PATCH', `${base}/${user}`, { body: { is_super_admin: false } })).status, 200);
  const denied = await api('GET', base, { token: token.full_token });
  assert.equal(denied.status, 403);
  assert.equal(aivenError(denied).error_code, 'permission_denied');
});

test("GET /v1/me answers each token with its own fields, and a cached token's answer follows a rename at once", async () => {
  const { api } = server;
  const base = `/v1/organization/${org}/application-users`;
  const user = (await api('POST', base, { body: { name: 'me-before' } })).body.user_id as string;
  const wide = await createToken(api, org, user);
  const narrow = await createToken(api, org, user, { description: 'narrow', scopes: ['user:read'] });
  const me = async (token: string) => {
    const response = await api('GET', '/v1/me', { token });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json; charset=utf-8$/);
    return response.body.user;
  };
  for (let round = 0; round < 2; round++) {
    // the second round is answered from the verification cache (and the answer made on the first)
    const [a, b] = [await me(wide.full_token), await me(narrow.full_token)];
    assert.deepEqual([a.user_id, a.real_name, a.token_prefix, a.scopes, a.is_super_admin], [user, 'me-before', wide.token_prefix, null, false]);
    assert.deepEqual([b.user_id, b.real_name, b.token_prefix, b.scopes], [user, 'me-before', narrow.token_prefix, ['user:read']]);
  }
  assert.equal((await api('PATCH', `${base}/${user}`, { body: { name: 'me-after', is_super_admin: true } })).status, 200);
  const renamed = await me(wide.full_token);
  assert.deepEqual([renamed.real_name, renamed.is_super_admin, renamed.token_prefix], ['me-after', true, wide.token_prefix]);
  assert.equal((await me(narrow.full_token)).real_name, 'me-after');
});
