// What fuzzing (test/reliability/fuzz.test.ts) found and now pins down:
// - an undeclared method on a served path is a 405 with Allow and the Aiven body (was a 404 "no such
//   endpoint", or a 400 for QUERY, which Fastify read as a body method), before any body is read;
// - the OpenAPI document names every operation and links create organization → user → token → list →
//   revoke, so stateful clients can walk it;
// - the document states the rules the server checks in code (scopes, ip_allowlist, max_age_seconds), so
//   a value the document admits is accepted (schemathesis sent ip_allowlist ["000…0"], which the
//   document allowed and the server refused; later the same for introspection's client_ip);
// - /readyz and /metrics document their 200 (with only the shared error answers documented, a 200
//   was "undocumented").
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { createOrganization, createUser, startTestServer, type TestServer } from './support/test-server.js';

/** node:http, since fetch refuses TRACE. */
function raw(base: string, method: string, path: string): Promise<{ status: number; allow: string | undefined; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, allow: res.headers.allow, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('OpenAPI links, documented rules, 405', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  test('TRACE, QUERY and PUT on served paths answer 405 with Allow and the Aiven body; unknown paths stay 404', async () => {
    for (const [method, path, allow] of [
      ['TRACE', '/v1/organizations', 'GET, HEAD, POST'],
      ['QUERY', '/v1/organizations', 'GET, HEAD, POST'],
      ['PUT', '/v1/organization/org123', 'DELETE, GET, HEAD, PATCH'],
      ['POST', '/v1/me', 'GET, HEAD'],
    ] as const) {
      const response = await raw(server.url, method, path);
      assert.equal(response.status, 405, `${method} ${path}`);
      assert.equal(response.allow, allow);
      assert.equal(response.body.errors[0].status, 405);
      assert.equal(response.body.errors[0].error_code, 'method_not_allowed');
    }
    const missing = await raw(server.url, 'TRACE', '/v1/nothing-here');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.errors[0].error_code, 'not_found');
  });

  test('the document names operations and links organization → user → token → list → revoke', async () => {
    const doc = (await server.api('GET', '/openapi.json', { token: null })).body;
    const op = (method: string, path: string) => doc.paths[path][method];
    const users = '/v1/organization/{organization_id}/application-users';
    const tokens = `${users}/{user_id}/access-tokens`;
    for (const [path, operations] of Object.entries<any>(doc.paths)) {
      for (const [method, operation] of Object.entries<any>(operations)) assert.ok(operation.operationId, `${method} ${path} has an operationId`);
    }
    const orgLinks = op('post', '/v1/organizations').responses['200'].links;
    assert.equal(orgLinks.CreateApplicationUser.operationId, op('post', users).operationId);
    assert.deepEqual(orgLinks.CreateApplicationUser.parameters, { organization_id: '$response.body#/organization_id' });
    const userLinks = op('post', users).responses['200'].links;
    assert.equal(userLinks.CreateAccessToken.operationId, op('post', tokens).operationId);
    assert.equal(userLinks.CreateAccessToken.parameters.user_id, '$response.body#/user_id');
    const tokenLinks = op('post', tokens).responses['200'].links;
    assert.equal(tokenLinks.ListAccessTokens.operationId, op('get', tokens).operationId);
    assert.equal(tokenLinks.RevokeAccessToken.operationId, op('delete', `${tokens}/{token_prefix}`).operationId);
    assert.equal(tokenLinks.RevokeAccessToken.parameters.token_prefix, '$response.body#/token_prefix');

    // following the links by hand works
    const org = await createOrganization(server.api);
    const user = await createUser(server.api, org);
    const created = await server.api('POST', `/v1/organization/${org}/application-users/${user}/access-tokens`, { body: { description: 'linked' } });
    assert.equal(created.status, 200);
    const revoked = await server.api('DELETE', `/v1/organization/${org}/application-users/${user}/access-tokens/${encodeURIComponent(created.body.token_prefix)}`);
    assert.equal(revoked.status, 204);
  });

  test('the document states the checked rules, and values it admits are accepted', async () => {
    const doc = (await server.api('GET', '/openapi.json', { token: null })).body;
    const body = doc.paths['/v1/organization/{organization_id}/application-users/{user_id}/access-tokens'].post.requestBody.content['application/json'].schema;
    assert.ok(body.properties.ip_allowlist.items.anyOf, 'ip_allowlist entries are described');
    assert.ok(body.properties.scopes.items.anyOf, 'scopes are described');
    assert.deepEqual(body.properties.max_age_seconds.anyOf.map((b: any) => b.const ?? b.minimum), [0, 600]);
    const ipv4 = new RegExp(body.properties.ip_allowlist.items.anyOf[0].pattern);
    const ipv6 = new RegExp(body.properties.ip_allowlist.items.anyOf[1].pattern);
    assert.equal(ipv4.test('000000000000000000000000000000000000000000000000000000000000000'), false, 'the value fuzzing sent is not admitted any more');
    assert.equal(ipv6.test('000000000000000000000000000000000000000000000000000000000000000'), false);

    const org = await createOrganization(server.api);
    const user = await createUser(server.api, org);
    const admitted = { ip_allowlist: ['203.0.113.0/24', '10.0.0.1', '2001:0db8:0000:0000:0000:0000:0000:0000/32', '2001:db8::1'], scopes: ['accounts:read', 'x-deploy', 'api.example:read'], max_age_seconds: 600 };
    assert.ok(admitted.ip_allowlist.slice(0, 3).every((v, i) => (i < 2 ? ipv4 : ipv6).test(v)));
    const created = await server.api('POST', `/v1/organization/${org}/application-users/${user}/access-tokens`, { body: { description: 'rules', ...admitted } });
    assert.equal(created.status, 200, created.text);
    const introspect = doc.paths['/v1/token/introspect'].post.requestBody.content['application/json'].schema.properties.client_ip;
    assert.deepEqual(introspect.anyOf, [{ format: 'ipv4' }, { format: 'ipv6' }]);
    for (const path of ['/readyz', '/metrics']) assert.ok(doc.paths[path].get.responses['200'], `${path} documents its 200`);
    // the events page size: schemathesis sent limit=0, which the document allowed and the route refuses
    const events = doc.paths['/v1/organization/{organization_id}/events']?.get;
    if (events) {
      const limit = new RegExp(events.parameters.find((p: any) => p.in === 'query' && p.name === 'limit').schema.pattern);
      assert.deepEqual(['0', '1', '1000', '1001'].map((v) => limit.test(v)), [false, true, true, false]);
    }

    const tooShort = await server.api('POST', `/v1/organization/${org}/application-users/${user}/access-tokens`, { body: { description: 'rules', max_age_seconds: 599 } });
    assert.equal(tooShort.status, 400);
  });
});
