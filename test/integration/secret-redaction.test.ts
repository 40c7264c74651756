// Nothing shaped like a Tessera token appears in an error message or a log line (issue 15, item 5):
// a full token sent where it does not belong (a JSON value of the wrong type, an unknown field name,
// a scope, an allowlist entry, a form field, a path segment) is not quoted back, not even cut short.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { aivenError, createOrganization, createToken, createUser, startTestServer, tokensPath, type TestServer } from './support/test-server.js';

let server: TestServer;
let org: string;
let user: string;
let secret: string;
before(async () => {
  server = await startTestServer();
  org = await createOrganization(server.api);
  user = await createUser(server.api, org);
  secret = (await createToken(server.api, org, user, { description: 'the secret' })).full_token;
});
after(() => server.close());

/** Neither the token nor any 10 characters of its secret part (after the public prefix). */
function assertNoSecret(text: string, what: string): void {
  assert.ok(!text.includes(secret), `${what}: the full token is in ${JSON.stringify(text)}`);
  for (let i = 14; i + 10 <= secret.length; i += 5) {
    assert.ok(!text.includes(secret.slice(i, i + 10)), `${what}: part of the secret is in ${JSON.stringify(text)}`);
  }
}

test('error messages never quote a token, wherever it was sent', async () => {
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const cases: Array<{ what: string; method: string; path: string; body?: unknown; raw?: string; headers?: Record<string, string> }> = [
    { what: 'token as an array', method: 'POST', path: '/v1/token/introspect', body: { token: [secret] } },
    { what: 'token as a number-like object', method: 'POST', path: '/v1/token/introspect', body: { token: { value: secret } } },
    { what: 'unknown field named by the token', method: 'POST', path: '/v1/organizations', body: { organization_name: 'x', [secret]: 1 } },
    { what: 'a scope', method: 'POST', path: tokensPath(org, user), body: { description: 'x', scopes: [secret] } },
    { what: 'an ip_allowlist entry', method: 'POST', path: tokensPath(org, user), body: { description: 'x', ip_allowlist: [secret] } },
    { what: 'a form field name', method: 'POST', path: '/v1/token/introspect', raw: `${secret}=1&token=x`, headers: form },
    { what: 'a wrong type, cut short', method: 'POST', path: '/v1/organizations', body: { organization_name: ['x'.repeat(40) + secret] } },
    { what: 'a malformed value', method: 'PATCH', path: `/v1/organization/${org}`, body: { tier: secret } },
    { what: 'a path segment (prefix expected)', method: 'DELETE', path: `${tokensPath(org, user)}/${secret}` },
    { what: 'an unknown endpoint', method: 'GET', path: `/v1/${secret}` },
    { what: 'an id', method: 'GET', path: `/v1/organization/${secret}` },
  ];
  for (const c of cases) {
    const response = await server.api(c.method, c.path, { body: c.body, rawBody: c.raw, headers: c.headers });
    assert.ok(response.status >= 400 && response.status < 500, `${c.what}: ${response.status} ${response.text}`);
    aivenError(response);
    assertNoSecret(response.text, c.what);
  }
  // the message still says where the problem was
  const scoped = await server.api('POST', tokensPath(org, user), { body: { description: 'x', scopes: [secret] } });
  assert.match(aivenError(scoped).message, /^scopes: 'tsr_\w{10}…\[redacted\]' is not a valid scope/);
});

test('log lines never carry a token, not even from a path', async () => {
  await server.api('DELETE', `${tokensPath(org, user)}/${secret}`);
  await server.api('GET', `/v1/${secret}/x`);
  await server.api('POST', '/v1/organizations', { rawBody: `{"organization_name": "${secret}"`, headers: { 'content-type': 'application/json' } });
  const logs = server.logs();
  assert.match(logs, /"path":"\/v1\/organization\/[^"]*\/access-tokens\/tsr_\w{10}…\[redacted\]"/, 'the request was logged, redacted');
  assertNoSecret(logs, 'server log');
});
