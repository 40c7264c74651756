// Rotation with a grace period: POST …/access-tokens/{token_prefix}/rotate answers a new token with the
// old one's settings; the old one works until the grace period ends, then gets 401; its listing shows
// the shortened expiry_time and rotated_to. Runs on SQLite and (test/integration-pg) PostgreSQL.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/domain/clock.js';
import { aivenError, createOrganization, createToken, createUser, startTestServer, tokensPath, type TestServer } from './support/test-server.js';

const clock = new ManualClock(Date.parse('2026-03-01T12:00:00Z'));
let server: TestServer;
let org: string;
let user: string;
before(async () => {
  server = await startTestServer({ clock });
  org = await createOrganization(server.api);
  user = await createUser(server.api, org);
});
after(() => server.close());

const rotatePath = (prefix: string, u = user) => `${tokensPath(org, u)}/${encodeURIComponent(prefix)}/rotate`;
const me = (token: string) => server.api('GET', '/v1/me', { token });
const listed = async (prefix: string) =>
  ((await server.api('GET', tokensPath(org, user))).body.tokens as any[]).find((t) => t.token_prefix === prefix);

test('the new token has the old one\'s settings; the old one works until the grace period ends, then 401', async () => {
  const old = await createToken(server.api, org, user, {
    description: 'deploy bot', scopes: ['user:read', 'x-deploy'], ip_allowlist: ['127.0.0.0/8'], max_age_seconds: 7200, extend_when_used: true,
  });
  assert.equal((await me(old.full_token)).status, 200);
  const rotated = await server.api('POST', rotatePath(old.token_prefix), { body: { grace_seconds: 600 } });
  assert.equal(rotated.status, 200, rotated.text);
  const fresh = rotated.body;
  assert.match(fresh.full_token, /^tsr_/);
  assert.notEqual(fresh.token_prefix, old.token_prefix);
  assert.deepEqual(
    [fresh.description, fresh.scopes, fresh.ip_allowlist, fresh.max_age_seconds, fresh.extend_when_used, fresh.rotated_to],
    ['deploy bot', ['user:read', 'x-deploy'], ['127.0.0.0/8'], 7200, true, null],
  );
  assert.equal(fresh.create_time, new Date(clock.now()).toISOString());
  assert.equal(fresh.expiry_time, new Date(clock.now() + 7200_000).toISOString());
  assert.equal((await me(fresh.full_token)).status, 200);

  // the old one: still listed, with the end of the grace period as expiry and its successor
  const before = await listed(old.token_prefix);
  assert.equal(before.rotated_to, fresh.token_prefix);
  assert.equal(before.expiry_time, new Date(clock.now() + 600_000).toISOString());
  // used during the grace period (it extends when used, but a rotated token never does)
  clock.advance(599_000);
  assert.equal((await me(old.full_token)).status, 200);
  await server.tessera.context.lastUse.flush();
  assert.equal((await listed(old.token_prefix)).expiry_time, before.expiry_time);
  clock.advance(1_000);
  const refused = await me(old.full_token);
  assert.equal(refused.status, 401);
  assert.equal(aivenError(refused).error_code, 'invalid_token');
  assert.equal(await listed(old.token_prefix), undefined, 'an expired token is not listed');
  assert.equal((await me(fresh.full_token)).status, 200);
});

test('no body: the default grace period is an hour; grace 0 ends the old token at once', async () => {
  const old = await createToken(server.api, org, user, { description: 'a', max_age_seconds: 86400 });
  const rotated = await server.api('POST', rotatePath(old.token_prefix));
  assert.equal(rotated.status, 200, rotated.text);
  assert.equal((await listed(old.token_prefix)).expiry_time, new Date(clock.now() + 3600_000).toISOString());

  const other = await createToken(server.api, org, user, { description: 'b' });
  assert.equal((await server.api('POST', rotatePath(other.token_prefix), { body: { grace_seconds: 0 } })).status, 200);
  assert.equal((await me(other.full_token)).status, 401);
});

test('the grace period never lengthens a token that expires sooner', async () => {
  const old = await createToken(server.api, org, user, { description: 'short', max_age_seconds: 600 });
  const expiry = (await listed(old.token_prefix)).expiry_time;
  assert.equal((await server.api('POST', rotatePath(old.token_prefix), { body: { grace_seconds: 86400 } })).status, 200);
  assert.equal((await listed(old.token_prefix)).expiry_time, expiry);
});

test('a use not yet written still counts: the grace period is measured against the extended expiry', async () => {
  const old = await createToken(server.api, org, user, { description: 'busy', max_age_seconds: 600, extend_when_used: true });
  const created = clock.now();
  clock.advance(300_000);
  // this use moves the expiry to now + 600 s in memory; the last-use buffer writes it within a second
  assert.equal((await me(old.full_token)).status, 200);
  assert.equal((await server.api('POST', rotatePath(old.token_prefix), { body: { grace_seconds: 86400 } })).status, 200);
  await server.tessera.context.lastUse.flush();
  assert.equal((await listed(old.token_prefix)).expiry_time, new Date(created + 900_000).toISOString());
  clock.advance(899_000 - 300_000);
  assert.equal((await me(old.full_token)).status, 200, 'still inside its extended lifetime');
});

test('rotating a rotated token is a 409; unknown, expired and malformed prefixes are 404', async () => {
  const old = await createToken(server.api, org, user, { description: 'twice' });
  const first = await server.api('POST', rotatePath(old.token_prefix), { body: { grace_seconds: 60 } });
  assert.equal(first.status, 200);
  const again = await server.api('POST', rotatePath(old.token_prefix), { body: { grace_seconds: 60 } });
  assert.equal(again.status, 409);
  const error = aivenError(again);
  assert.equal(error.error_code, 'token_already_rotated');
  assert.match(error.message, new RegExp(`already rotated \\(to '${first.body.token_prefix}'\\)`));
  // its successor can be rotated in turn
  assert.equal((await server.api('POST', rotatePath(first.body.token_prefix), { body: { grace_seconds: 60 } })).status, 200);

  const missing = await server.api('POST', rotatePath('tsr_0000000000'));
  assert.equal(missing.status, 404);
  assert.equal(aivenError(missing).error_code, 'token_not_found');
  const expired = await createToken(server.api, org, user, { description: 'gone', max_age_seconds: 600 });
  clock.advance(600_000);
  assert.equal((await server.api('POST', rotatePath(expired.token_prefix))).status, 404);
  assert.equal((await server.api('POST', rotatePath('not-a-prefix'))).status, 404);
});

test('grace_seconds out of range or of the wrong type is a 400 that changes nothing', async () => {
  const old = await createToken(server.api, org, user, { description: 'strict' });
  for (const [body, pattern] of [
    [{ grace_seconds: 86401 }, /grace_seconds must be <= 86400, got 86401/],
    [{ grace_seconds: -1 }, /grace_seconds must be >= 0, got -1/],
    [{ grace_seconds: 1.5 }, /grace_seconds must be integer, got 1.5/],
    [{ grace_seconds: '1h' }, /grace_seconds must be integer, got "1h"/],
    [{ grace: 10 }, /unknown field 'grace'/],
  ] as const) {
    const response = await server.api('POST', rotatePath(old.token_prefix), { body });
    assert.equal(response.status, 400, JSON.stringify(body));
    assert.match(aivenError(response).message, pattern);
  }
  // a JSON null is a body, and not an object (found by fuzzing: it used to rotate with the defaults)
  const nullBody = await server.api('POST', rotatePath(old.token_prefix), { rawBody: 'null', headers: { 'content-type': 'application/json' } });
  assert.equal(nullBody.status, 400, nullBody.text);
  const still = await listed(old.token_prefix);
  assert.equal(still.rotated_to, null);
  assert.equal((await server.api('GET', tokensPath(org, user))).body.tokens.filter((t: any) => t.description === 'strict').length, 1);
});

test('who may rotate: administrators of the organization, with a token no narrower than the one it makes', async () => {
  const old = await createToken(server.api, org, user, { description: 'guarded' });
  const plain = await createToken(server.api, org, await createUser(server.api, org, 'plain'));
  const denied = await server.api('POST', rotatePath(old.token_prefix), { token: plain.full_token });
  assert.equal(denied.status, 403);
  const boss = await createUser(server.api, org, 'boss', true);
  const readOnly = await createToken(server.api, org, boss, { description: 'ro', scopes: ['accounts:read'] });
  const scoped = await server.api('POST', rotatePath(old.token_prefix), { token: readOnly.full_token });
  assert.equal(scoped.status, 403);
  assert.equal(aivenError(scoped).error_code, 'token_scope_insufficient');
  // a writer restricted to scopes cannot mint an unrestricted successor
  const writer = await createToken(server.api, org, boss, { description: 'w', scopes: ['accounts:write'] });
  const broader = await server.api('POST', rotatePath(old.token_prefix), { token: writer.full_token });
  assert.equal(broader.status, 403);
  assert.match(aivenError(broader).message, /cannot create a token without scopes/);
  const otherOrg = await createOrganization(server.api, 'other');
  const outsider = await createToken(server.api, otherOrg, await createUser(server.api, otherOrg, 'o', true));
  assert.equal((await server.api('POST', rotatePath(old.token_prefix), { token: outsider.full_token })).status, 404);
  assert.equal((await listed(old.token_prefix)).rotated_to, null);
  const bossToken = await createToken(server.api, org, boss);
  assert.equal((await server.api('POST', rotatePath(old.token_prefix), { token: bossToken.full_token })).status, 200);
});

test('two rotations racing: exactly one wins, the other is a 409', async () => {
  const old = await createToken(server.api, org, user, { description: 'race' });
  const answers = await Promise.all(
    Array.from({ length: 6 }, () => server.api('POST', rotatePath(old.token_prefix), { body: { grace_seconds: 60 } })),
  );
  assert.deepEqual(answers.map((a) => a.status).sort(), [200, 409, 409, 409, 409, 409]);
  const winner = answers.find((a) => a.status === 200)!.body.token_prefix;
  assert.equal((await listed(old.token_prefix)).rotated_to, winner);
  const successors = ((await server.api('GET', tokensPath(org, user))).body.tokens as any[]).filter((t) => t.description === 'race');
  assert.equal(successors.length, 2, 'only one successor was made');
});
