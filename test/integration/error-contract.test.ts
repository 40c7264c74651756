// The error contract (issue 15, item 13): 413, 414 and 415 (and 429, 503) are documented on every
// operation in /openapi.json; form bodies are documented (and accepted) only on introspection and
// revocation (FORM_BODY_ROUTES); a
// request Node used to answer itself (no Host header) gets the Aiven body; a long path segment is a
// 414 in the Aiven shape; ip_allowlist refuses IPv6 zone ids and prefix lengths with leading zeros.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { aivenError, createOrganization, createUser, startTestServer, tokensPath, type TestServer } from './support/test-server.js';
import { openRaw, parseResponse } from './support/raw-http.js';
import { FORM_BODY_ROUTES } from '../../src/server/error-answers.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

test('/openapi.json documents 413, 414, 415, 503 on every operation, and 401, 403, 429 on authenticated ones', async () => {
  const document = (await server.api('GET', '/openapi.json', { token: null })).body;
  let operations = 0;
  for (const [path, methods] of Object.entries<any>(document.paths)) {
    for (const [method, operation] of Object.entries<any>(methods)) {
      operations++;
      const documented = Object.keys(operation.responses);
      for (const status of ['400', '413', '414', '415', '500', '503']) {
        assert.ok(documented.includes(status), `${method.toUpperCase()} ${path} does not document ${status}`);
      }
      // every /v1 route authenticates but POST /v1/token/revoke, where the token in the body is the credential
      if (path.startsWith('/v1/') && path !== '/v1/token/revoke') {
        for (const status of ['401', '403', '429']) assert.ok(documented.includes(status), `${method.toUpperCase()} ${path} does not document ${status}`);
      }
      const body = operation.requestBody?.content;
      if (body) {
        const types = Object.keys(body).sort();
        const expected = FORM_BODY_ROUTES.has(path) ? ['application/json', 'application/x-www-form-urlencoded'] : ['application/json'];
        assert.deepEqual(types, expected, `${method.toUpperCase()} ${path} request body types`);
      }
    }
  }
  assert.ok(operations >= 23, `${operations} operations`);
});

test('an HTTP/1.1 request without a Host header gets 400 with the Aiven body', async () => {
  const connection = await openRaw(server.url);
  connection.write('GET /healthz HTTP/1.1\r\n\r\n');
  await connection.closed;
  const response = parseResponse(connection.received());
  assert.equal(response.status, 400);
  assert.deepEqual(response.body.errors[0], { message: 'HTTP/1.1 requests need a Host header', status: 400, error_code: 'bad_http_request' });
  // HTTP/1.0 has no Host requirement
  const old = await openRaw(server.url);
  old.write('GET /healthz HTTP/1.0\r\n\r\n');
  await old.closed;
  assert.equal(parseResponse(old.received()).status, 200);
});

test('an Expect header Node does not support gets 417 with the Aiven body', async () => {
  const connection = await openRaw(server.url);
  connection.write('GET /healthz HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\n\r\n');
  await connection.closed;
  const response = parseResponse(connection.received());
  assert.equal(response.status, 417);
  assert.equal(response.body.errors[0].error_code, 'expectation_failed');
});

test('a path segment longer than the router takes is a 414 in the Aiven shape', async () => {
  const response = await server.api('GET', `/v1/organization/org${'a'.repeat(800)}`);
  assert.equal(response.status, 414);
  assert.equal(aivenError(response).error_code, 'uri_too_long');
});

// Found by `npm run fuzz` (ST202, seed 229549): a token prefix the document admitted (any length) was
// answered 414 once percent-encoded. Ids are now at most 64 characters, and 64 of the widest (4 UTF-8
// bytes, 12 characters encoded) still fit a path segment: the id is refused by its schema or not found.
test('every id the document admits fits a path segment: 64 four-byte characters are a 404, 65 a 400 naming the field', async () => {
  const org = await createOrganization(server.api);
  const user = await createUser(server.api, org);
  const widest = '\u{1F600}'.repeat(64);
  const zalgo = 'T\u0330\u0315o\u035E \u0337i\u0332n'.repeat(6).slice(0, 64);
  for (const prefix of [widest, zalgo]) {
    const response = await server.api('DELETE', `${tokensPath(org, user)}/${encodeURIComponent(prefix)}`);
    assert.equal(response.status, 404, response.text);
    assert.equal(aivenError(response).error_code, 'token_not_found');
  }
  const tooLong = await server.api('DELETE', `${tokensPath(org, user)}/${encodeURIComponent('\u{1F600}'.repeat(65))}`);
  assert.equal(tooLong.status, 400, tooLong.text);
  assert.match(aivenError(tooLong).message, /token_prefix/);
  for (const path of [`/v1/organization/${'o'.repeat(65)}`, `/v1/account/${'a'.repeat(65)}`, `/v1/organization/${org}/application-users/${'u'.repeat(65)}`]) {
    const response = await server.api('GET', path);
    assert.equal(response.status, 400, `${path}: ${response.text}`);
  }
});

test('ip_allowlist refuses IPv6 zone ids and prefix lengths with leading zeros', async () => {
  const org = await createOrganization(server.api);
  const user = await createUser(server.api, org);
  for (const entry of ['fe80::1%eth0', 'fe80::%1/64', '10.0.0.0/08', '2001:db8::/032', '10.0.0.0/008', '10.0.0.0/']) {
    const response = await server.api('POST', tokensPath(org, user), { body: { description: 'x', ip_allowlist: [entry] } });
    assert.equal(response.status, 400, entry);
    assert.match(aivenError(response).message, /ip_allowlist\[0\]: .* is not a valid CIDR/);
  }
  for (const entry of ['10.0.0.0/8', '10.0.0.0/0', '2001:db8::/32', 'fe80::1']) {
    const response = await server.api('POST', tokensPath(org, user), { body: { description: 'x', ip_allowlist: [entry] } });
    assert.equal(response.status, 200, entry);
  }
});
