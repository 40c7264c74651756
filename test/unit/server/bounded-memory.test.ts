// Every per-token map in the server has an upper bound (TESSERA_CACHE_MAX_ENTRIES, default 100,000) and
// evicts the least recently used entry: a million distinct tokens leave memory where the bound says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VerificationCache, DEFAULT_CACHE_MAX_ENTRIES, type CachedVerification } from '../../../src/server/auth/verification-cache.js';
import { LastUseBuffer } from '../../../src/server/auth/last-use-buffer.js';
import { openSqliteStore } from '../../../src/store/sqlite.js';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const MILLION = 1_000_000;

function entry(prefix: string): CachedVerification {
  return {
    token: {
      tokenPrefix: prefix, kind: 'instance_admin', userId: null, organizationId: null, description: '', createTime: 0,
      createdManually: false, maxAgeSeconds: 0, requestedMaxAgeSeconds: 0, extendWhenUsed: false, expiryTime: null, lastUsedTime: null, lastIp: null,
      lastUserAgent: null, lastUserAgentHumanReadable: null, scopes: null, ipAllowlist: null,
    },
    user: null,
    allowlist: null,
    cachedAt: 0,
  };
}

// The live heap, not the garbage a collection has not yet taken: heapUsed alone counts the evicted
// entries until the collector runs, so the same code measured 60 MB in one run and 208 MB in the next.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const heapMb = () => {
  collectGarbage();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

test('the verification cache holds at most its bound after 1,000,000 distinct tokens, keeping the recently used', () => {
  const cache = new VerificationCache();
  assert.equal(cache.maxEntries, DEFAULT_CACHE_MAX_ENTRIES);
  const heapBefore = heapMb();
  cache.set('hot-digest', entry('tsr_hot'), cache.generation);
  for (let i = 0; i < MILLION; i++) {
    cache.set(`digest-${i}`, entry(`tsr_${i}`), cache.generation);
    // a token in steady use is never the least recently used one
    if (i % 1000 === 0) assert.ok(cache.get('hot-digest', 0), `the hot token was evicted after ${i} others`);
  }
  assert.equal(cache.size, DEFAULT_CACHE_MAX_ENTRIES);
  assert.equal(cache.prefixIndexSize, DEFAULT_CACHE_MAX_ENTRIES, 'the prefix index is bounded too');
  assert.ok(cache.get('hot-digest', 0));
  assert.equal(cache.get('digest-0', 0), undefined, 'the least recently used went first');
  assert.equal(cache.peekByPrefix('tsr_0'), undefined);
  assert.ok(cache.get(`digest-${MILLION - 1}`, 0), 'the newest is there');
  const grown = heapMb() - heapBefore;
  // 100,000 small entries are tens of MB; a million unbounded ones would be several hundred
  assert.ok(grown < 150, `heap grew ${grown.toFixed(0)} MB for a cache bounded at ${DEFAULT_CACHE_MAX_ENTRIES}`);
});

test('a small bound evicts in least-recently-used order', () => {
  const cache = new VerificationCache(3);
  for (const n of [1, 2, 3]) cache.set(`d${n}`, entry(`p${n}`), cache.generation);
  assert.ok(cache.get('d1', 0)); // d1 is now the most recent; d2 the least
  cache.set('d4', entry('p4'), cache.generation);
  assert.equal(cache.get('d2', 0), undefined);
  assert.ok(cache.get('d1', 0));
  assert.ok(cache.get('d3', 0));
  assert.ok(cache.get('d4', 0));
  assert.equal(cache.size, 3);
  assert.equal(cache.prefixIndexSize, 3);
});

test('pending last-use records stay bounded with 1,000,000 distinct tokens while the database refuses writes', async () => {
  const store = openSqliteStore(':memory:');
  await store.migrate();
  await store.close(); // every write now fails
  const errors: unknown[] = [];
  const buffer = new LastUseBuffer(store, { maxPending: 50_000, onFlushError: (e) => errors.push(e) });
  for (let i = 0; i < MILLION; i++) {
    buffer.record({ tokenPrefix: `tsr_${i}`, usedAt: i, ip: '10.0.0.1', userAgent: null, userAgentHumanReadable: null });
    assert.ok(buffer.pendingCount <= 50_000);
  }
  await buffer.flush();
  assert.ok(buffer.pendingCount <= 50_000, `pending ${buffer.pendingCount}`);
  assert.ok(errors.length >= 1, 'the failing writes were reported');
  assert.ok(buffer.dropped >= MILLION - 2 * 50_000, `dropped ${buffer.dropped}`);
  assert.ok(buffer.pendingFor(`tsr_${MILLION - 1}`), 'the newest use is kept');
});

test('reaching the bound flushes at once when the database takes writes', async () => {
  const store = openSqliteStore(':memory:');
  await store.migrate();
  const buffer = new LastUseBuffer(store, { maxPending: 100 });
  for (let i = 0; i < 1000; i++) buffer.record({ tokenPrefix: `tsr_${i}`, usedAt: i, ip: '10.0.0.1', userAgent: null, userAgentHumanReadable: null });
  await buffer.close();
  assert.ok(buffer.pendingCount === 0);
  assert.equal(buffer.dropped <= 1000, true);
  assert.ok(buffer.writes > 0, 'flushes happened before any timer');
  await store.close();
});
