// Expiry with an injectable clock (no sleeping): fixed expiry, sliding expiry with extend_when_used,
// expired tokens rejected and not listed, and the server default max age.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/domain/clock.js';
import { createOrganization, createToken, createUser, startTestServer, tokensPath, type TestServer } from './support/test-server.js';

const clock = new ManualClock(Date.parse('2030-01-01T00:00:00Z'));
let server: TestServer;
let org: string;
let user: string;
before(async () => {
  server = await startTestServer({ clock, defaultMaxAgeSeconds: 1200 });
  org = await createOrganization(server.api);
  user = await createUser(server.api, org);
});
after(() => server.close());

const minutes = (n: number) => n * 60_000;
const listed = async (prefix: string) => (await server.api('GET', tokensPath(org, user))).body.tokens.find((t: any) => t.token_prefix === prefix);

test('without extend_when_used the expiry is fixed: valid until create + max_age, then 401 and unlisted', async () => {
  const token = await createToken(server.api, org, user, { description: 'fixed', max_age_seconds: 600 });
  const created = Date.parse(token.create_time);
  assert.equal(Date.parse(token.expiry_time), created + minutes(10));
  clock.advance(minutes(9));
  assert.equal((await server.api('GET', '/v1/me', { token: token.full_token })).status, 200);
  assert.equal(Date.parse((await listed(token.token_prefix)).expiry_time), created + minutes(10), 'use does not extend');
  clock.advance(minutes(1));
  assert.equal((await server.api('GET', '/v1/me', { token: token.full_token })).status, 401);
  assert.equal(await listed(token.token_prefix), undefined);
});

test('with extend_when_used each use moves expiry to last use + max_age', async () => {
  const token = await createToken(server.api, org, user, { description: 'sliding', max_age_seconds: 600, extend_when_used: true });
  const created = Date.parse(token.create_time);
  for (let i = 1; i <= 3; i++) {
    clock.advance(minutes(8));
    const response = await server.api('GET', '/v1/me', { token: token.full_token });
    assert.equal(response.status, 200, `use ${i} at +${8 * i} min`);
    const shown = await listed(token.token_prefix);
    assert.equal(Date.parse(shown.last_used_time), created + minutes(8 * i));
    assert.equal(Date.parse(shown.expiry_time), created + minutes(8 * i + 10));
  }
  // idle past the extended expiry
  clock.advance(minutes(10));
  assert.equal((await server.api('GET', '/v1/me', { token: token.full_token })).status, 401);
  assert.equal(await listed(token.token_prefix), undefined);
});

test('the extension is persisted: after the verification cache is dropped, the stored expiry is the extended one', async () => {
  const token = await createToken(server.api, org, user, { description: 'persisted', max_age_seconds: 600, extend_when_used: true });
  clock.advance(minutes(9));
  assert.equal((await server.api('GET', '/v1/me', { token: token.full_token })).status, 200);
  await server.tessera.context.lastUse.flush();
  server.tessera.context.cache.invalidate([token.token_prefix]);
  clock.advance(minutes(9)); // 18 min after creation: alive only thanks to the extension
  assert.equal((await server.api('GET', '/v1/me', { token: token.full_token })).status, 200);
});

test('server default max age applies when max_age_seconds is unset', async () => {
  const token = await createToken(server.api, org, user, { description: 'default' });
  assert.equal(token.max_age_seconds, null, 'echoed as the client set it');
  assert.equal(Date.parse(token.expiry_time) - Date.parse(token.create_time), 1200_000);
  clock.advance(minutes(20));
  assert.equal((await server.api('GET', '/v1/me', { token: token.full_token })).status, 401);
});

test('max_age_seconds 0 never expires', async () => {
  const token = await createToken(server.api, org, user, { description: 'forever', max_age_seconds: 0 });
  clock.advance(minutes(60 * 24 * 365 * 20));
  assert.equal((await server.api('GET', '/v1/me', { token: token.full_token })).status, 200);
});
