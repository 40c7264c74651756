// Token create with an Idempotency-Key: the key is kept with the token for a while; asking again with
// the same key answers with that token (its public object, never the secret twice) instead of creating
// another; the key is echoed so clients can tell a server that honours keys from one that ignores them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { aivenError, createUser, startServerWithUser, tokensPath, type TestServer } from './support/test-server.js';

let server: TestServer;
let org: string;
let user: string;
before(async () => {
  ({ server, org, user } = await startServerWithUser());
});
after(() => server.close());

const create = (userId: string, key: string | undefined, body: unknown = { description: 'keyed' }) =>
  server.api('POST', tokensPath(org, userId), { body, headers: key === undefined ? {} : { 'idempotency-key': key } });

test('the same key answers with the token it created, without the secret, and creates nothing more', async () => {
  const first = await create(user, 'key-1');
  assert.equal(first.status, 200);
  assert.match(first.body.full_token, /^tsr_/);
  assert.equal(first.headers.get('idempotency-key'), 'key-1', 'the key is echoed');
  assert.equal(first.headers.get('idempotent-replayed'), null);

  const again = await create(user, 'key-1');
  assert.equal(again.status, 200);
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  assert.equal(again.headers.get('idempotency-key'), 'key-1');
  assert.equal(again.body.token_prefix, first.body.token_prefix);
  assert.equal(again.body.description, 'keyed');
  assert.equal(again.body.full_token, undefined, 'the secret is never returned twice');
  assert.ok(!again.text.includes(first.body.full_token));

  const listed = (await server.api('GET', tokensPath(org, user))).body.tokens.map((t: { token_prefix: string }) => t.token_prefix);
  assert.deepEqual(listed, [first.body.token_prefix], 'one token for one key');
});

test('keys belong to one user; other keys and requests without a key create new tokens', async () => {
  const other = await createUser(server.api, org, 'other');
  const mine = await create(user, 'shared-key');
  const theirs = await create(other, 'shared-key');
  assert.match(theirs.body.full_token, /^tsr_/, 'the same key for another user is a new token');
  assert.notEqual(theirs.body.token_prefix, mine.body.token_prefix);
  const plain = await create(user, undefined);
  assert.match(plain.body.full_token, /^tsr_/);
  assert.equal(plain.headers.get('idempotency-key'), null);
  assert.match((await create(user, 'another-key')).body.full_token, /^tsr_/);
});

test('concurrent creates with one key make one token', async () => {
  const answers = await Promise.all(Array.from({ length: 8 }, () => create(user, 'race-key')));
  assert.ok(answers.every((a) => a.status === 200));
  assert.equal(new Set(answers.map((a) => a.body.token_prefix)).size, 1);
  assert.equal(answers.filter((a) => typeof a.body.full_token === 'string').length, 1, 'exactly one answer carries the secret');
});

test('a revoked token takes its key with it; a malformed key is a 400 that creates nothing', async () => {
  const first = await create(user, 'revoked-key');
  assert.equal((await server.api('DELETE', `${tokensPath(org, user)}/${encodeURIComponent(first.body.token_prefix)}`)).status, 204);
  const after = await create(user, 'revoked-key');
  assert.match(after.body.full_token, /^tsr_/);
  assert.notEqual(after.body.token_prefix, first.body.token_prefix);

  const before = (await server.api('GET', tokensPath(org, user))).body.tokens.length;
  for (const bad of ['x'.repeat(256), 'caf\u00e9', 'tab\there']) {
    const r = await create(user, bad);
    assert.equal(r.status, 400, JSON.stringify(bad));
    assert.match(aivenError(r).message, /Idempotency-Key must be one header of 1 to 255 visible ASCII characters/);
  }
  assert.equal((await server.api('GET', tokensPath(org, user))).body.tokens.length, before);
});
