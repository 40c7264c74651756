// Request bodies (issue 15, items 9 and 10): nesting beyond MAX_JSON_DEPTH is a 400 before validation
// on every operation that takes a body (it used to be a 500); an unexpected error is an Aiven-shaped
// 500 with a request id, logged at error level; lone surrogates and invalid UTF-8 are 400s naming the
// field (they used to be stored corrupted); a charset other than UTF-8 or a Content-Encoding is a 415;
// form bodies only where documented.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
/** The documented limit (README, Security notes); src/server/request-text.ts MAX_JSON_DEPTH. */
const MAX_JSON_DEPTH = 32;
import type { Store } from '../../src/store/store.js';
import { aivenError, createOrganization, createToken, createUser, startTestServer, tokensPath, type TestServer } from './support/test-server.js';

let server: TestServer;
let org: string;
let user: string;
before(async () => {
  server = await startTestServer();
  org = await createOrganization(server.api);
  user = await createUser(server.api, org);
});
after(() => server.close());

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

async function send(method: string, path: string, body: string | Uint8Array, headers: Record<string, string> = {}) {
  const response = await fetch(server.url + path, {
    method,
    headers: { authorization: `aivenv1 ${server.adminToken}`, 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await response.text();
  return { status: response.status, text, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

const bodyOperations = () => {
  const account = 'a' + '0'.repeat(11);
  return [
    ['POST', '/v1/organizations', 'organization_name'],
    ['PATCH', `/v1/organization/${org}`, 'name'],
    ['POST', '/v1/account', 'account_name'],
    ['PUT', `/v1/account/${account}`, 'account_name'],
    ['POST', `/v1/organization/${org}/application-users`, 'name'],
    ['PATCH', `/v1/organization/${org}/application-users/${user}`, 'name'],
    ['POST', tokensPath(org, user), 'description'],
    ['POST', '/v1/token/introspect', 'token'],
  ] as const;
};

test('a body nested 4,000 levels deep in a field that fails validation is a 400 on every operation, not a 500', async () => {
  for (const [method, path, field] of bodyOperations()) {
    for (const depth of [4000, MAX_JSON_DEPTH]) {
      const response = await send(method, path, `{"${field}": ${nested(depth)}}`);
      assert.equal(response.status, 400, `${method} ${path} depth ${depth}: ${response.text}`);
      assert.match(aivenError(response as never).message, new RegExp(`nests deeper than ${MAX_JSON_DEPTH} levels`));
    }
    // one level less is an ordinary validation error naming the field
    const shallow = await send(method, path, `{"${field}": ${nested(MAX_JSON_DEPTH - 1)}}`);
    assert.equal(shallow.status, 400);
    assert.match(aivenError(shallow as never).message, new RegExp(field));
  }
  assert.doesNotMatch(server.logs(), /"level":50/, 'no error was logged');
});

test('an unexpected error is an Aiven 500 with a request id, logged at error level with the same id', async () => {
  const failing = await startTestServer({
    wrapStore: (store) =>
      new Proxy(store, {
        get(target, property, receiver) {
          if (property === 'listOrganizations') return async () => Promise.reject(new Error('disk on fire at sector 7'));
          return Reflect.get(target, property, receiver) as unknown;
        },
      }) as Store,
  });
  try {
    const response = await failing.api('GET', '/v1/organizations');
    assert.equal(response.status, 500);
    const error = aivenError(response);
    assert.equal(error.error_code, 'internal_error');
    assert.doesNotMatch(response.text, /disk on fire|stack|Internal Server Error/);
    const requestId = response.headers.get('x-request-id');
    assert.ok(requestId && error.message.includes(requestId), error.message);
    const logged = failing.logs().split('\n').filter((line) => line.includes('"level":50')).map((line) => JSON.parse(line));
    assert.equal(logged.length, 1);
    assert.equal(logged[0].reqId, requestId);
    assert.match(logged[0].err.message, /disk on fire/);
  } finally {
    await failing.close();
  }
});

test('a lone surrogate in a name, description, scope or field name is a 400 naming it; nothing is stored', async () => {
  const usersBefore = (await server.api('GET', `/v1/organization/${org}/application-users`)).body.application_users.length;
  const cases: Array<[string, string, string, RegExp]> = [
    ['POST', `/v1/organization/${org}/application-users`, '{"name": "bad\\ud800name"}', /^name: .*lone surrogate/],
    ['POST', `/v1/organization/${org}/application-users`, '{"name": "\\udfff"}', /^name: /],
    ['POST', tokensPath(org, user), '{"description": "x\\ud800"}', /^description: /],
    ['POST', tokensPath(org, user), '{"description": "x", "scopes": ["x-ok", "x-\\ud800"]}', /^scopes\[1\]: /],
    ['POST', '/v1/organizations', '{"organization_name": "x", "\\ud800": 1}', /field name/],
  ];
  for (const [method, path, body, message] of cases) {
    const response = await send(method, path, body);
    assert.equal(response.status, 400, `${body}: ${response.text}`);
    assert.match(aivenError(response as never).message, message);
  }
  assert.equal((await server.api('GET', `/v1/organization/${org}/application-users`)).body.application_users.length, usersBefore);
  // a proper surrogate pair (an emoji) is text, and is stored and read back intact
  const emoji = await send('POST', `/v1/organization/${org}/application-users`, '{"name": "bot \\ud83d\\ude00"}');
  assert.equal(emoji.status, 200);
  assert.equal(emoji.body.name, 'bot \u{1F600}');
  const read = await server.api('GET', `/v1/organization/${org}/application-users/${emoji.body.user_id}`);
  assert.equal(read.body.name, 'bot \u{1F600}');
});

test('invalid UTF-8 bytes are a 400 naming the field, never replaced and stored', async () => {
  const bytes = (prefix: string, suffix: string) => Buffer.concat([Buffer.from(prefix), Buffer.from([0xff, 0xfe]), Buffer.from(suffix)]);
  const user1 = await send('POST', `/v1/organization/${org}/application-users`, bytes('{"name": "bad', '"}'));
  assert.equal(user1.status, 400, user1.text);
  assert.match(aivenError(user1 as never).message, /^name: request body is not valid UTF-8/);
  const token = await send('POST', tokensPath(org, user), bytes('{"description": "x', '"}'));
  assert.equal(token.status, 400);
  assert.match(aivenError(token as never).message, /^description: /);
  // an overlong encoding and a UTF-8-encoded surrogate are invalid too
  for (const invalid of [[0xc0, 0xaf], [0xed, 0xa0, 0x80]]) {
    const response = await send('POST', '/v1/organizations', Buffer.concat([Buffer.from('{"organization_name": "'), Buffer.from(invalid), Buffer.from('"}')]));
    assert.equal(response.status, 400);
    assert.match(aivenError(response as never).message, /organization_name: request body is not valid UTF-8/);
  }
  // in a form body: raw bytes, and percent-escapes that decode to invalid UTF-8
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const raw = await send('POST', '/v1/token/introspect', bytes('token=abc', ''), form);
  assert.equal(raw.status, 400);
  const escaped = await send('POST', '/v1/token/introspect', 'token=%FF%FE', form);
  assert.equal(escaped.status, 400);
  assert.match(aivenError(escaped as never).message, /^token: invalid percent-encoding or UTF-8/);
});

test('a charset other than UTF-8 or an unknown Content-Encoding is a 415; UTF-8 and identity are fine', async () => {
  const body = '{"organization_name": "Charset Inc"}';
  const refused: Array<Record<string, string>> = [
    { 'content-type': 'application/json; charset=latin1' },
    { 'content-type': 'application/json; charset="UTF-16"' },
    { 'content-encoding': 'gzip' },
    { 'content-encoding': 'br' },
  ];
  for (const headers of refused) {
    const response = await send('POST', '/v1/organizations', body, headers);
    assert.equal(response.status, 415, JSON.stringify(headers));
    assert.equal(aivenError(response as never).error_code, 'unsupported_media_type');
  }
  const accepted: Array<Record<string, string>> = [
    { 'content-type': 'application/json; charset=utf-8' },
    { 'content-type': 'application/json;charset="UTF-8"' },
    { 'content-encoding': 'identity' },
  ];
  for (const headers of accepted) {
    const response = await send('POST', '/v1/organizations', body, headers);
    assert.equal(response.status, 200, JSON.stringify(headers));
  }
});

test('form bodies are accepted only where documented (introspection); elsewhere 415', async () => {
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const orgs = await send('POST', '/v1/organizations', 'organization_name=Form+Inc', form);
  assert.equal(orgs.status, 415);
  assert.match(aivenError(orgs as never).message, /accepted only by \/v1\/token\/introspect/);
  const users = await send('POST', `/v1/organization/${org}/application-users`, 'name=form', form);
  assert.equal(users.status, 415);
  const token = await createToken(server.api, org, user, { description: 'form' });
  const introspected = await send('POST', '/v1/token/introspect', `token=${token.full_token}`, form);
  assert.equal(introspected.status, 200);
  assert.equal(introspected.body.active, true);
});
