// Organizations and the account API over the same table, through real HTTP.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { aivenError, startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

test('create, list, get, update and delete an organization', async () => {
  const { api } = server;
  const created = await api('POST', '/v1/organizations', { body: { organization_name: 'Acme', tier: 'personal' } });
  assert.equal(created.status, 200);
  const org = created.body;
  assert.match(org.organization_id, /^org[0-9a-f]{12}$/);
  assert.match(org.account_id, /^a[0-9a-f]{12}$/);
  assert.equal(org.organization_name, 'Acme');
  assert.equal(org.tier, 'personal');
  assert.ok(Date.parse(org.create_time) > 0);
  assert.equal(org.create_time, org.update_time);

  const list = await api('GET', '/v1/organizations?limit=999');
  assert.equal(list.status, 200);
  assert.ok(list.body.organizations.some((o: any) => o.organization_id === org.organization_id));

  const got = await api('GET', `/v1/organization/${org.organization_id}`);
  assert.deepEqual(got.body, org);

  await new Promise((r) => setTimeout(r, 5));
  const patched = await api('PATCH', `/v1/organization/${org.organization_id}`, { body: { name: 'Acme Corp' } });
  assert.equal(patched.status, 200);
  assert.equal(patched.body.organization_name, 'Acme Corp');
  assert.equal(patched.body.tier, 'personal');
  assert.ok(patched.body.update_time > org.update_time);

  const deleted = await api('DELETE', `/v1/organization/${org.organization_id}`);
  assert.equal(deleted.status, 204);
  assert.equal(deleted.text, '');
  const gone = await api('GET', `/v1/organization/${org.organization_id}`);
  assert.equal(gone.status, 404);
  assert.equal(aivenError(gone).error_code, 'organization_not_found');
  assert.equal((await api('DELETE', `/v1/organization/${org.organization_id}`)).status, 404);
});

test('the account API serves the same organizations', async () => {
  const { api } = server;
  const created = await api('POST', '/v1/account', { body: { account_name: 'Globex' } });
  assert.equal(created.status, 200);
  const account = created.body.account;
  assert.match(account.account_id, /^a[0-9a-f]{12}$/);
  assert.equal(account.account_name, 'Globex');
  assert.equal(account.tenant_id, 'aiven');
  assert.equal(account.is_account_owner, true);

  const org = await api('GET', `/v1/organization/${account.organization_id}`);
  assert.equal(org.status, 200);
  assert.equal(org.body.account_id, account.account_id);
  assert.equal(org.body.organization_name, 'Globex');

  const list = await api('GET', '/v1/account');
  assert.ok(list.body.accounts.some((a: any) => a.account_id === account.account_id));

  const renamed = await api('PUT', `/v1/account/${account.account_id}`, { body: { account_name: 'Globex 2', primary_billing_group_id: null } });
  assert.equal(renamed.status, 200);
  assert.equal(renamed.body.account.account_name, 'Globex 2');
  assert.equal((await api('GET', `/v1/organization/${account.organization_id}`)).body.organization_name, 'Globex 2');

  assert.equal((await api('DELETE', `/v1/account/${account.account_id}`)).status, 204);
  const gone = await api('GET', `/v1/account/${account.account_id}`);
  assert.equal(gone.status, 404);
  assert.equal(aivenError(gone).error_code, 'account_not_found');
  assert.equal((await api('GET', `/v1/organization/${account.organization_id}`)).status, 404);
});

test('Aiven-defined fields are accepted and ignored; other unknown fields are a 400 naming the field', async () => {
  const { api } = server;
  const ok = await api('POST', '/v1/organizations', { body: { organization_name: 'Initech', primary_billing_group_id: 'bg1' } });
  assert.equal(ok.status, 200);
  const bad = await api('POST', '/v1/organizations', { body: { organization_name: 'Initech', colour: 'red' } });
  assert.equal(bad.status, 400);
  assert.match(aivenError(bad).message, /unknown field 'colour'/);
  const badTier = await api('PATCH', `/v1/organization/${ok.body.organization_id}`, { body: { tier: 'gold' } });
  assert.equal(badTier.status, 400);
  assert.match(aivenError(badTier).message, /tier must be one of "business", "personal", got "gold"/);
});
