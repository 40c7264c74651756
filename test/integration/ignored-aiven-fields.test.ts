// Fields the Aiven API defines that Tessera accepts and ignores (primary_billing_group_id,
// parent_account_id, the Kafka governance fields): the OpenAPI document types them as Aiven does, and
// the routes accept exactly that. Regression for a fuzz finding (schemathesis ST202, seed 556766): the
// document allowed any value there, so a JSON object holding a "__proto__" key was valid data by the
// document, but every body with such a key is refused — PUT /v1/account/{id} and POST /v1/account,
// /v1/organizations answered 400 "not valid JSON" to a request the document called valid.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { aivenError, startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

const bodySchema = (document: any, path: string, method: string) =>
  document.paths[path][method].requestBody.content['application/json'].schema.properties;

test('the document types the ignored Aiven fields (string or null; a boolean or null for the Kafka switch)', async () => {
  const document = (await server.api('GET', '/openapi.json', { token: null })).body;
  for (const [path, method, field] of [
    ['/v1/account/{account_id}', 'put', 'primary_billing_group_id'],
    ['/v1/account', 'post', 'primary_billing_group_id'],
    ['/v1/account', 'post', 'parent_account_id'],
    ['/v1/organizations', 'post', 'primary_billing_group_id'],
    ['/v1/organization/{organization_id}', 'patch', 'default_governance_user_group_id'],
  ]) {
    assert.deepEqual(bodySchema(document, path, method)[field].type, ['string', 'null'], `${method} ${path} ${field}`);
  }
  assert.deepEqual(bodySchema(document, '/v1/organization/{organization_id}', 'patch').kafka_topic_ownership_enabled.type, ['boolean', 'null']);
});

test('PUT /v1/account/{id} accepts what the document allows in the ignored field and ignores it', async () => {
  const { api } = server;
  const account = (await api('POST', '/v1/account', { body: { account_name: 'Fuzzed', parent_account_id: null, primary_billing_group_id: 'bg-1' } })).body.account;
  for (const primary_billing_group_id of ['bg-2', null, '']) {
    const renamed = await api('PUT', `/v1/account/${account.account_id}`, { body: { account_name: 'Fuzzed 2', primary_billing_group_id } });
    assert.equal(renamed.status, 200, `${JSON.stringify(primary_billing_group_id)}: ${renamed.text}`);
    assert.equal(renamed.body.account.account_name, 'Fuzzed 2');
    assert.equal(renamed.body.account.primary_billing_group_id, null, 'ignored: Tessera has no billing groups');
  }
  const patched = await api('PATCH', `/v1/organization/${account.organization_id}`, {
    body: { name: 'Fuzzed 3', kafka_topic_ownership_enabled: true, default_governance_user_group_id: 'ug1' },
  });
  assert.equal(patched.status, 200, patched.text);
});

test('a value of another type there is a 400 naming the field, and changes nothing', async () => {
  const { api } = server;
  const account = (await api('POST', '/v1/account', { body: { account_name: 'Unchanged' } })).body.account;
  // the shape schemathesis sent: an object holding a "__proto__" key (raw: JSON.stringify would drop it)
  const raw = '{"account_name": "Renamed", "primary_billing_group_id": {"3": [null], "__proto__": 158}}';
  const refused = await api('PUT', `/v1/account/${account.account_id}`, { rawBody: raw, headers: { 'content-type': 'application/json' } });
  assert.equal(refused.status, 400, refused.text);
  assert.match(aivenError(refused).message, /__proto__|primary_billing_group_id/);
  const number = await api('PUT', `/v1/account/${account.account_id}`, { body: { account_name: 'Renamed', primary_billing_group_id: 7 } });
  assert.equal(number.status, 400);
  assert.match(aivenError(number).message, /primary_billing_group_id must be string,null/);
  const after = await api('GET', `/v1/account/${account.account_id}`);
  assert.equal(after.body.account.account_name, 'Unchanged');
});

test('a "__proto__" key is refused with a message that says so, not "not valid JSON"', async () => {
  const refused = await server.api('POST', '/v1/organizations', {
    rawBody: '{"organization_name": "x", "primary_billing_group_id": "bg", "__proto__": {"admin": true}}',
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(refused.status, 400);
  assert.equal(aivenError(refused).message, 'request body holds a "__proto__" or "constructor" key, which Tessera refuses');
  const broken = await server.api('POST', '/v1/organizations', { rawBody: '{"organization_name": "x",', headers: { 'content-type': 'application/json' } });
  assert.equal(broken.status, 400);
  assert.match(aivenError(broken).message, /not valid JSON/);
});
