// A token cannot create a token that outlives it (issue 15, item 1): when the creating token expires,
// the new token's lifetime (max_age_seconds, or the server default when unset) is at most the creating
// token's max_age_seconds, never-expiring is refused, and extend_when_used needs the creator to have it.
// 403 with the Aiven body naming the field; nothing is created.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { aivenError, createOrganization, createToken, createUser, startTestServer, tokensPath, type TestServer } from './support/test-server.js';

let server: TestServer;
let org: string;
let boss: string;
let worker: string;
before(async () => {
  server = await startTestServer({ defaultMaxAgeSeconds: 36_000 });
  org = await createOrganization(server.api);
  boss = await createUser(server.api, org, 'boss', true);
  worker = await createUser(server.api, org, 'worker');
});
after(() => server.close());

const create = (token: string, body: Record<string, unknown>) => server.api('POST', tokensPath(org, worker), { token, body });
const count = async () => (await server.api('GET', tokensPath(org, worker))).body.tokens.length;

test('a 600-second token without extension cannot mint a never-expiring, longer or extending token', async () => {
  const parent = await createToken(server.api, org, boss, { description: 'short', max_age_seconds: 600 });
  const before = await count();
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ description: 'forever', max_age_seconds: 0 }, /^max_age_seconds: .*never expires/],
    [{ description: 'ten years', max_age_seconds: 315_360_000 }, /^max_age_seconds: .*max_age_seconds 600 cannot create a token with max_age_seconds 315360000/],
    [{ description: '601 s', max_age_seconds: 601 }, /^max_age_seconds: /],
    [{ description: 'server default (10 h)' }, /^max_age_seconds: .*server default/],
    [{ description: 'extending', max_age_seconds: 600, extend_when_used: true }, /^extend_when_used: /],
  ];
  for (const [body, message] of cases) {
    const response = await create(parent.full_token, body);
    assert.equal(response.status, 403, `${body.description}: ${response.text}`);
    assert.match(aivenError(response).message, message);
    assert.equal(aivenError(response).error_code, 'permission_denied');
  }
  assert.equal(await count(), before, 'nothing was created');
  // within its own lifetime it may create tokens
  const child = await create(parent.full_token, { description: 'as long', max_age_seconds: 600 });
  assert.equal(child.status, 200, child.text);
  assert.equal(child.body.max_age_seconds, 600);
});

test('an extending token may create extending tokens up to its own max_age_seconds', async () => {
  const parent = await createToken(server.api, org, boss, { description: 'sliding', max_age_seconds: 3600, extend_when_used: true });
  const ok = await create(parent.full_token, { description: 'sliding child', max_age_seconds: 1800, extend_when_used: true });
  assert.equal(ok.status, 200, ok.text);
  const longer = await create(parent.full_token, { description: 'too long', max_age_seconds: 3601, extend_when_used: true });
  assert.equal(longer.status, 403);
});

test('a never-expiring token (the instance admin, or one created with max_age_seconds 0) is not bound', async () => {
  const forever = await createToken(server.api, org, boss, { description: 'forever', max_age_seconds: 0 });
  for (const token of [server.adminToken, forever.full_token]) {
    const response = await create(token, { description: 'long', max_age_seconds: 315_360_000, extend_when_used: true });
    assert.equal(response.status, 200, response.text);
    const never = await create(token, { description: 'never', max_age_seconds: 0 });
    assert.equal(never.status, 200, never.text);
  }
});
