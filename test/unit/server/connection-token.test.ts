// TokenVerifier with a connection's memory of its last token (ConnectionToken): it saves the digest
// of a repeated header and nothing else — only tokens verified from the cache are remembered, and a
// remembered token that is no longer cached is forgotten and checked as if new.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteStore } from '../../../src/store/sqlite.js';
import { generateToken, tokenPrefixOf } from '../../../src/domain/token-format.js';
import { tokenDigest } from '../../../src/domain/token-digest.js';
import { ManualClock } from '../../../src/domain/clock.js';
import { VerificationCache } from '../../../src/server/auth/verification-cache.js';
import { LastUseBuffer } from '../../../src/server/auth/last-use-buffer.js';
import { FailedAuthLimiter } from '../../../src/server/auth/failed-auth-limiter.js';
import { TokenVerifier, type ConnectionToken } from '../../../src/server/auth/token-verifier.js';
import { Metrics } from '../../../src/server/metrics.js';

async function setup() {
  const store = openSqliteStore(':memory:');
  await store.migrate();
  await store.createOrganization({ organizationId: 'org1', accountId: 'a1', name: 'o', tier: 'business', createTime: 0, updateTime: 0 });
  await store.createUser({ userId: 'u1', organizationId: 'org1', name: 'u', userEmail: 'e', isSuperAdmin: false, createTime: 0 });
  const addToken = async (expiryTime: number | null = null) => {
    const token = generateToken();
    await store.createToken({
      digest: tokenDigest(token),
      token: {
        tokenPrefix: tokenPrefixOf(token), kind: 'application_user', userId: 'u1', organizationId: 'org1', description: '', createTime: 0,
        createdManually: true, maxAgeSeconds: 0, requestedMaxAgeSeconds: 0, extendWhenUsed: false, expiryTime, lastUsedTime: null, lastIp: null,
        lastUserAgent: null, lastUserAgentHumanReadable: null, scopes: null, ipAllowlist: null, rotatedTo: null,
      },
    });
    return token;
  };
  const clock = new ManualClock(1_000_000);
  const cache = new VerificationCache();
  const metrics = new Metrics();
  const verifier = new TokenVerifier(store, cache, new LastUseBuffer(store), new FailedAuthLimiter(0), clock, metrics);
  const connection: ConnectionToken = { authorization: undefined, digest: '' };
  const use = async (token: string) => verifier.authenticate({ authorization: `aivenv1 ${token}`, ip: '127.0.0.1', userAgent: 'test' }, connection);
  return { store, clock, cache, metrics, connection, addToken, use };
}

test('a token is remembered once it verifies from the cache, and its repeats use the remembered digest', async () => {
  const { connection, addToken, use, metrics } = await setup();
  const token = await addToken();
  assert.equal((await use(token)).ok, true);
  assert.equal(connection.authorization, undefined, 'verified from the database: not remembered yet');
  assert.equal((await use(token)).ok, true);
  assert.equal(connection.authorization, `aivenv1 ${token}`);
  assert.equal(connection.digest, tokenDigest(token));
  const other = await addToken();
  await use(other);
  await use(other);
  assert.equal(connection.digest, tokenDigest(other), 'the latest token replaces the previous one');
  assert.equal(metrics.tokensVerifiedFromCache, 2);
});

test('unknown and malformed tokens are never remembered', async () => {
  const { connection, use } = await setup();
  for (const token of [generateToken(), 'tsr_garbage', generateToken()]) {
    assert.equal((await use(token)).ok, false);
    assert.equal((await use(token)).ok, false);
    assert.equal(connection.authorization, undefined);
  }
});

test('a remembered token that was revoked, or expired, is refused and forgotten', async () => {
  const { store, cache, clock, connection, addToken, use } = await setup();
  const revoked = await addToken();
  await use(revoked);
  await use(revoked);
  assert.equal(connection.authorization, `aivenv1 ${revoked}`);
  await store.deleteToken('u1', tokenPrefixOf(revoked));
  cache.invalidate([tokenPrefixOf(revoked)]);
  const refused = await use(revoked);
  assert.equal(refused.ok, false);
  assert.equal(!refused.ok && refused.reason, 'unknown');
  assert.equal(connection.authorization, undefined);

  const expiring = await addToken(clock.now() + 1000);
  await use(expiring);
  await use(expiring);
  assert.equal(connection.authorization, `aivenv1 ${expiring}`);
  clock.advance(1000);
  const expired = await use(expiring);
  assert.equal(!expired.ok && expired.reason, 'expired');
  assert.equal(connection.authorization, undefined);
});
