import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VerificationCache, type CachedVerification } from '../../../src/server/auth/verification-cache.js';

function entry(prefix: string, cachedAt = 0): CachedVerification {
  return {
    token: {
      tokenPrefix: prefix, kind: 'instance_admin', userId: null, organizationId: null, description: '', createTime: 0,
      createdManually: false, maxAgeSeconds: 0, requestedMaxAgeSeconds: 0, extendWhenUsed: false, expiryTime: null, lastUsedTime: null, lastIp: null,
      lastUserAgent: null, lastUserAgentHumanReadable: null, scopes: null, ipAllowlist: null, rotatedTo: null,
    },
    user: null,
    allowlist: null,
    cachedAt,
  };
}

test('invalidation by prefix removes the digest entry at once', () => {
  const cache = new VerificationCache();
  cache.set('d1', entry('p1'), cache.generation);
  assert.ok(cache.get('d1', 0));
  cache.invalidate(['p1']);
  assert.equal(cache.get('d1', 0), undefined);
  assert.equal(cache.peekByPrefix('p1'), undefined);
});

test('a lookup that raced with an invalidation is not cached', () => {
  const cache = new VerificationCache();
  const generationAtLookup = cache.generation;
  cache.invalidate(['p1']); // arrives while the database read is in flight
  cache.set('d1', entry('p1'), generationAtLookup);
  assert.equal(cache.get('d1', 0), undefined);
});

test('entries older than maxAge are dropped; size is bounded (oldest first)', () => {
  const cache = new VerificationCache(2, 1000);
  cache.set('d1', entry('p1', 0), cache.generation);
  assert.equal(cache.get('d1', 1001), undefined);
  cache.set('d1', entry('p1', 0), cache.generation);
  cache.set('d2', entry('p2', 0), cache.generation);
  cache.set('d3', entry('p3', 0), cache.generation);
  assert.equal(cache.size, 2);
  assert.equal(cache.get('d1', 0), undefined);
  assert.ok(cache.get('d3', 0));
});

test('a replaced entry stays indexed by its prefix; an evicted one leaves the index', () => {
  const cache = new VerificationCache(1);
  const first = entry('p1');
  const second = entry('p1');
  cache.set('d1', first, cache.generation);
  cache.set('d1', second, cache.generation); // reloaded after its entry aged out
  assert.equal(cache.peekByPrefix('p1'), second);
  assert.equal(cache.prefixIndexSize, 1);
  cache.set('d2', entry('p2'), cache.generation); // d1 evicted
  assert.equal(cache.peekByPrefix('p1'), undefined);
  assert.equal(cache.prefixIndexSize, 1);
  cache.delete('p2');
  assert.equal(cache.size, 0);
  assert.equal(cache.prefixIndexSize, 0);
});
