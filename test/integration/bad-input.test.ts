// Bad input gets a 4xx with the Aiven error body naming the problem, and changes nothing:
// invalid JSON, wrong types, unknown fields, oversized bodies, wrong media types, ids in foreign
// spellings (404), unknown routes. Then a property test: no request a client can send yields a 500.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { aivenError, createOrganization, createToken, createUser, startTestServer, tokensPath, type TestServer } from './support/test-server.js';

let server: TestServer;
let org: string;
let user: string;
let prefix: string;
before(async () => {
  server = await startTestServer({ bodyLimit: 16 * 1024 });
  org = await createOrganization(server.api);
  user = await createUser(server.api, org);
  prefix = (await createToken(server.api, org, user)).token_prefix;
});
after(() => server.close());

async function snapshot(): Promise<string> {
  const store = server.tessera.context.store;
  const orgs = await store.listOrganizations();
  const parts: unknown[] = [orgs];
  for (const o of orgs) {
    const users = await store.listUsers(o.organizationId);
    parts.push(users);
    for (const u of users) parts.push((await store.listTokens(u.userId)).map((t) => ({ ...t, lastUsedTime: null, lastIp: null, lastUserAgent: null, lastUserAgentHumanReadable: null })));
  }
  return JSON.stringify(parts);
}

test('each kind of bad input: status, error body, a message naming the field; nothing changes', async () => {
  const before = await snapshot();
  const users = `/v1/organization/${org}/application-users`;
  const cases: Array<{ method: string; path: string; body?: unknown; raw?: string; type?: string; status: number; message: RegExp }> = [
    { method: 'POST', path: '/v1/organizations', raw: '{"organization_name": "x",', type: 'application/json', status: 400, message: /not valid JSON/ },
    { method: 'POST', path: '/v1/organizations', raw: '[1,2]', type: 'application/json', status: 400, message: /request body must be object/ },
    { method: 'POST', path: '/v1/organizations', raw: 'null', type: 'application/json', status: 400, message: /request body must be object|organization_name is required/ },
    { method: 'POST', path: '/v1/organizations', body: {}, status: 400, message: /organization_name is required/ },
    { method: 'POST', path: '/v1/organizations', body: { organization_name: '' }, status: 400, message: /organization_name must be at least 1 characters/ },
    { method: 'POST', path: '/v1/organizations', body: { organization_name: 'x'.repeat(129) }, status: 400, message: /organization_name must be at most 128 characters/ },
    { method: 'POST', path: '/v1/organizations', body: { organization_name: ['x'] }, status: 400, message: /organization_name must be string/ },
    { method: 'POST', path: '/v1/organizations', body: { organization_name: 'x', __proto__x: 1 }, status: 400, message: /unknown field '__proto__x'/ },
    { method: 'POST', path: '/v1/organizations', raw: '{"organization_name":"x","__proto__":{"admin":true}}', type: 'application/json', status: 400, message: /./ },
    { method: 'POST', path: '/v1/organizations', raw: 'organization_name=x', type: 'text/plain', status: 415, message: /Unsupported Media Type/i },
    { method: 'POST', path: '/v1/organizations', raw: 'x', type: 'application/xml', status: 415, message: /Unsupported Media Type/i },
    { method: 'POST', path: '/v1/organizations', body: { organization_name: 'x'.repeat(20_000) }, status: 413, message: /too large/i },
    { method: 'POST', path: users, body: { name: 'x', is_super_admin: 'true' }, status: 400, message: /is_super_admin must be boolean, got "true"/ },
    { method: 'POST', path: users, body: { name: 'x', role: 'admin' }, status: 400, message: /unknown field 'role'/ },
    { method: 'PATCH', path: `${users}/${user}`, body: { name: 7 }, status: 400, message: /name must be string, got 7/ },
    // ids in any other spelling name no object: 404 (clients' not-found helpers rely on it)
    { method: 'GET', path: '/v1/organization/org;drop', status: 404, message: /organization 'org;drop' not found/ },
    { method: 'GET', path: '/v1/organization/ORG123', status: 404, message: /organization 'ORG123' not found/ },
    { method: 'GET', path: `/v1/account/nope`, status: 404, message: /account 'nope' not found/ },
    { method: 'GET', path: `${users}/x`, status: 404, message: /application user 'x' not found/ },
    { method: 'DELETE', path: `${tokensPath(org, user)}/tsr_short`, status: 404, message: /token 'tsr_short' not found/ },
    { method: 'DELETE', path: `${tokensPath(org, user)}/${encodeURIComponent(`${prefix}/x`)}`, status: 404, message: /token '.*\/x' not found/ },
    { method: 'DELETE', path: `${tokensPath(org, user)}/%E0%A4%A`, status: 400, message: /./ },
    { method: 'GET', path: '/v1/unknown', status: 404, message: /no such endpoint: GET \/v1\/unknown/ },
    // a served path with a method it does not serve: 405 with Allow (test/integration/openapi-links-and-methods.test.ts)
    { method: 'PUT', path: '/v1/organizations', body: {}, status: 405, message: /PUT is not allowed on \/v1\/organizations; allowed: GET, HEAD, POST/ },
    { method: 'GET', path: `/v1/organization/org${'a'.repeat(62)}`, status: 400, message: /organization_id.*64/ },
    { method: 'GET', path: `/v1/organization/org${'a'.repeat(800)}`, status: 414, message: /./ },
  ];
  for (const c of cases) {
    const response = await server.api(c.method, c.path, {
      body: c.body,
      rawBody: c.raw,
      headers: c.type ? { 'content-type': c.type } : undefined,
    });
    const label = `${c.method} ${c.path.slice(0, 60)} ${(c.raw ?? JSON.stringify(c.body) ?? '').slice(0, 40)}`;
    assert.equal(response.status, c.status, `${label}: ${response.text.slice(0, 200)}`);
    assert.match(aivenError(response).message, c.message, label);
  }
  assert.equal(await snapshot(), before, 'no bad request changed anything');
});

test('DELETE with a JSON content type and an empty body is fine (clients send that)', async () => {
  const token = await createToken(server.api, org, user);
  const response = await server.api('DELETE', `${tokensPath(org, user)}/${token.token_prefix}`, { headers: { 'content-type': 'application/json' } });
  assert.equal(response.status, 204);
});

test('property: random methods, paths and bodies never produce a 5xx, always the Aiven body on errors', async () => {
  const segments = fc.oneof(
    fc.constantFrom('v1', 'organization', 'organizations', 'account', 'application-users', 'access-tokens', 'me', 'token', 'introspect', org, user, prefix, '%2F', '..', '%00', '%E0%A4%A', '%', '%zz', 'org0', 'u0'),
    fc.string({ maxLength: 12 }).map(encodeURIComponent),
  );
  const json = fc.oneof(fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), fc.string({ maxLength: 50 }));
  const fields = fc.dictionary(
    fc.constantFrom('organization_name', 'name', 'tier', 'description', 'max_age_seconds', 'extend_when_used', 'scopes', 'ip_allowlist', 'is_super_admin', 'token', 'account_name', 'x'),
    fc.jsonValue({ maxDepth: 2 }),
  );
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom('GET', 'POST', 'PATCH', 'PUT', 'DELETE'),
      fc.array(segments, { minLength: 1, maxLength: 7 }),
      fc.oneof(json, fields.map((f) => JSON.stringify(f))),
      fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', undefined),
      async (method, parts, body, type) => {
        const path = '/' + parts.join('/');
        const hasBody = method !== 'GET';
        const response = await server.api(method, path, {
          rawBody: hasBody ? body : undefined,
          headers: hasBody && type ? { 'content-type': type } : undefined,
        });
        assert.ok(response.status < 500, `${method} ${path} ${body.slice(0, 80)} → ${response.status} ${response.text.slice(0, 200)}`);
        if (response.status >= 400) aivenError(response);
      },
    ),
    { numRuns: 300 },
  );
});

test('bytes that are not HTTP get a 400 with the Aiven body', async () => {
  const { connect } = await import('node:net');
  const url = new URL(server.url);
  const answer = await new Promise<string>((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.write('GARBAGE\r\n\r\n'));
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
  assert.match(answer, /^HTTP\/1\.1 400 /);
  const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
  assert.equal(body.errors[0].status, 400);
  assert.equal(body.errors[0].error_code, 'bad_http_request');
});
