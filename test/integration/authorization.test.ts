// Authorization: instance admin everything; super admins their own organization only; plain users
// themselves and their own organization; another organization's objects answer 404; scopes restrict a token further.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { aivenError, createOrganization, createToken, createUser, startTestServer, tokensPath, type TestServer } from './support/test-server.js';

let server: TestServer;
let orgA: string;
let orgB: string;
let userB: string;
let superA: string; // a super admin's token in A
let plainA: string; // a plain user's token in A
let plainAUser: string;
before(async () => {
  server = await startTestServer();
  const { api } = server;
  orgA = await createOrganization(api, 'A');
  orgB = await createOrganization(api, 'B');
  userB = await createUser(api, orgB, 'b-user');
  superA = (await createToken(api, orgA, await createUser(api, orgA, 'a-admin', true))).full_token;
  plainAUser = await createUser(api, orgA, 'a-plain');
  plainA = (await createToken(api, orgA, plainAUser)).full_token;
});
after(() => server.close());

test('a super admin administers its own organization', async () => {
  const { api } = server;
  assert.equal((await api('GET', `/v1/organization/${orgA}`, { token: superA })).status, 200);
  const u = await api('POST', `/v1/organization/${orgA}/application-users`, { token: superA, body: { name: 'made-by-super' } });
  assert.equal(u.status, 200);
  const t = await createToken(api, orgA, u.body.user_id, { description: 'by super' }, superA);
  assert.match(t.full_token, /^tsr_/);
  const list = await api('GET', '/v1/organizations', { token: superA });
  assert.deepEqual(list.body.organizations.map((o: any) => o.organization_id), [orgA]);
  const accounts = await api('GET', '/v1/account', { token: superA });
  assert.equal(accounts.body.accounts.length, 1);
  assert.equal((await api('PATCH', `/v1/organization/${orgA}`, { token: superA, body: { name: 'A!' } })).status, 200);
});

test("another organization's objects answer 404, never 403", async () => {
  const { api } = server;
  const orgBAccount = (await api('GET', `/v1/organization/${orgB}`)).body.account_id;
  const attempts: Array<[string, string, unknown?]> = [
    ['GET', `/v1/organization/${orgB}`],
    ['PATCH', `/v1/organization/${orgB}`, { name: 'pwned' }],
    ['DELETE', `/v1/organization/${orgB}`],
    ['GET', `/v1/account/${orgBAccount}`],
    ['GET', `/v1/organization/${orgB}/application-users`],
    ['POST', `/v1/organization/${orgB}/application-users`, { name: 'intruder' }],
    ['GET', `/v1/organization/${orgB}/application-users/${userB}`],
    ['DELETE', `/v1/organization/${orgB}/application-users/${userB}`],
    ['GET', tokensPath(orgB, userB)],
    ['POST', tokensPath(orgB, userB), { description: 'steal' }],
  ];
  for (const token of [superA, plainA]) {
    for (const [method, path, body] of attempts) {
      const response = await api(method, path, { token, body });
      assert.equal(response.status, 404, `${method} ${path}`);
      assert.match(aivenError(response).error_code, /_not_found$/);
    }
  }
  const b = await api('GET', `/v1/organization/${orgB}`);
  assert.equal(b.body.organization_name, 'B', 'B unchanged');
  assert.equal((await api('GET', `/v1/organization/${orgB}/application-users`)).body.application_users.length, 1);
});

test('a plain application user reads itself and its own organization; everything else in it is 403', async () => {
  const { api } = server;
  const me = await api('GET', '/v1/me', { token: plainA });
  assert.equal(me.status, 200);
  assert.equal(me.body.user.user_id, plainAUser);
  assert.equal(me.body.user.organization_id, orgA);
  // as a member of an Aiven organization can (the official provider's aiven_organization data source lists accounts)
  const own = await api('GET', `/v1/organization/${orgA}`, { token: plainA });
  assert.equal(own.status, 200);
  assert.equal(own.body.organization_id, orgA);
  const listed = await api('GET', '/v1/organizations', { token: plainA });
  assert.deepEqual(listed.body.organizations.map((o: any) => o.organization_id), [orgA]);
  const accounts = await api('GET', '/v1/account', { token: plainA });
  assert.deepEqual(accounts.body.accounts.map((a: any) => [a.organization_id, a.is_account_owner]), [[orgA, false]]);
  const account = await api('GET', `/v1/account/${own.body.account_id}`, { token: plainA });
  assert.equal(account.status, 200);
  assert.equal(account.body.account.is_account_owner, false);
  for (const [method, path, body] of [
    ['PATCH', `/v1/organization/${orgA}`, { name: 'renamed by a member' }],
    ['DELETE', `/v1/organization/${orgA}`],
    ['PUT', `/v1/account/${own.body.account_id}`, { account_name: 'renamed by a member' }],
    ['DELETE', `/v1/account/${own.body.account_id}`],
    ['GET', `/v1/organization/${orgA}/application-users`],
    ['GET', tokensPath(orgA, plainAUser)],
  ] as Array<[string, string, unknown?]>) {
    const response = await api(method, path, { token: plainA, body });
    assert.equal(response.status, 403, `${method} ${path}`);
    assert.equal(aivenError(response).error_code, 'permission_denied');
  }
  assert.equal((await api('GET', `/v1/organization/${orgA}`)).body.organization_name === 'renamed by a member', false, 'unchanged');
});

test('reading its own organization still needs accounts:read when the token has scopes', async () => {
  const { api } = server;
  const meOnly = (await createToken(api, orgA, plainAUser, { description: 'me only', scopes: ['user:read'] })).full_token;
  for (const path of [`/v1/organization/${orgA}`, '/v1/organizations', '/v1/account']) {
    const response = await api('GET', path, { token: meOnly });
    assert.equal(response.status, 403, path);
    assert.equal(aivenError(response).error_code, 'token_scope_insufficient');
  }
  const reader = (await createToken(api, orgA, plainAUser, { description: 'reader', scopes: ['accounts:read'] })).full_token;
  assert.equal((await api('GET', `/v1/organization/${orgA}`, { token: reader })).status, 200);
});

test('only the instance admin creates organizations', async () => {
  for (const [path, body] of [['/v1/organizations', { organization_name: 'X' }], ['/v1/account', { account_name: 'X' }]] as const) {
    const response = await server.api('POST', path, { token: superA, body });
    assert.equal(response.status, 403);
    assert.equal(aivenError(response).error_code, 'permission_denied');
  }
});

test('scopes restrict a token: read vs write, user:read for /v1/me, empty list = nothing', async () => {
  const { api } = server;
  const boss = await createUser(api, orgA, 'scoped-boss', true);
  const token = async (scopes: string[]) => (await createToken(api, orgA, boss, { description: scopes.join(','), scopes })).full_token;
  const readOnly = await token(['accounts:read']);
  const writer = await token(['accounts:write']);
  const meOnly = await token(['user:read']);
  const nothing = await token([]);
  const everything = await token(['all']);
  const users = `/v1/organization/${orgA}/application-users`;

  assert.equal((await api('GET', users, { token: readOnly })).status, 200);
  const denied = await api('POST', users, { token: readOnly, body: { name: 'no' } });
  assert.equal(denied.status, 403);
  assert.equal(aivenError(denied).error_code, 'token_scope_insufficient');
  assert.match(aivenError(denied).message, /accounts:write/);
  assert.equal((await api('GET', '/v1/me', { token: readOnly })).status, 403);

  assert.equal((await api('GET', users, { token: writer })).status, 200, 'write implies read');
  assert.equal((await api('POST', users, { token: writer, body: { name: 'yes' } })).status, 200);

  assert.equal((await api('GET', '/v1/me', { token: meOnly })).status, 200);
  assert.equal((await api('GET', users, { token: meOnly })).status, 403);

  assert.equal((await api('GET', '/v1/me', { token: nothing })).status, 403);
  assert.equal((await api('GET', users, { token: everything })).status, 200);
  assert.equal((await api('GET', '/v1/me', { token: everything })).status, 200);
});

test('a scoped token cannot mint a broader token (no escaping its own scopes)', async () => {
  const { api } = server;
  const boss = await createUser(api, orgA, 'minting-boss', true);
  const scoped = (await createToken(api, orgA, boss, { description: 'scoped', scopes: ['accounts:write', 'x-deploy'] })).full_token;
  const path = tokensPath(orgA, boss);
  for (const body of [{ description: 'wider' }, { description: 'wider', scopes: ['all'] }, { description: 'wider', scopes: ['user:read'] }]) {
    const response = await api('POST', path, { token: scoped, body });
    assert.equal(response.status, 403, JSON.stringify(body));
    assert.equal(aivenError(response).error_code, 'token_scope_insufficient');
  }
  const narrower = await api('POST', path, { token: scoped, body: { description: 'narrower', scopes: ['accounts:read', 'x-deploy'] } });
  assert.equal(narrower.status, 200);
});

test('a token restricted to an ip_allowlist cannot mint a token usable from elsewhere', async () => {
  const { api } = server;
  const boss = await createUser(api, orgA, 'allowlisted-boss', true);
  const fenced = (await createToken(api, orgA, boss, { description: 'fenced', ip_allowlist: ['127.0.0.0/8'] })).full_token;
  const path = tokensPath(orgA, boss);
  for (const body of [{ description: 'anywhere' }, { description: 'elsewhere', ip_allowlist: ['0.0.0.0/0'] }, { description: 'v6', ip_allowlist: ['::1/128'] }]) {
    const response = await api('POST', path, { token: fenced, body });
    assert.equal(response.status, 403, JSON.stringify(body));
    assert.equal(aivenError(response).error_code, 'permission_denied');
  }
  const inside = await api('POST', path, { token: fenced, body: { description: 'inside', ip_allowlist: ['127.0.0.1'] } });
  assert.equal(inside.status, 200);
});
