// LruMap: the bounded least-recently-used map under the verification cache and the last-use buffer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { LruMap, DIGEST_KEY_LENGTH } from '../../../src/server/auth/lru-map.js';

const digest = (text: string) => createHash('sha256').update(text).digest('base64url');

test('a full map evicts the least recently used entry; get and set make an entry recent, peek and has do not', () => {
  const evicted: string[] = [];
  const map = new LruMap<number>(3, { onEvict: (value, key) => evicted.push(`${key}=${value}`) });
  map.set('a', 1);
  map.set('b', 2);
  map.set('c', 3);
  assert.equal(map.get('a'), 1); // order, least recent first: b c a
  assert.equal(map.peek('b'), 2);
  assert.ok(map.has('b'));
  map.set('d', 4); // b goes
  assert.deepEqual(evicted, ['b=2']);
  map.set('c', 30); // replaced: no eviction, c now the most recent (a d c)
  map.set('e', 5); // a goes
  assert.deepEqual(evicted, ['b=2', 'a=1']);
  assert.equal(map.size, 3);
  assert.deepEqual([...map.values()], [5, 30, 4], 'most recently used first');
});

test('delete and clear free the room without eviction callbacks', () => {
  const evicted: string[] = [];
  const map = new LruMap<number>(2, { onEvict: (_value, key) => evicted.push(key) });
  map.set('a', 1);
  map.set('b', 2);
  assert.equal(map.delete('a'), 1);
  assert.equal(map.delete('a'), undefined);
  map.set('c', 3);
  assert.deepEqual(evicted, []);
  assert.deepEqual([...map.values()], [3, 2]);
  map.clear();
  assert.equal(map.size, 0);
  assert.equal(map.get('b'), undefined);
  map.set('d', 4);
  assert.deepEqual([...map.values()], [4]);
});

test('digest keys: found by value, not by the string object; other keys of any length work too', () => {
  const map = new LruMap<string>(10, { digestKeys: true });
  const key = digest('token');
  assert.equal(key.length, DIGEST_KEY_LENGTH);
  map.set(key, 'v');
  const again = digest('token'); // the same digest, a new string
  assert.equal(map.get(again), 'v');
  assert.equal(map.get(digest('other')), undefined);
  map.set('d1', 'short');
  map.set('x'.repeat(DIGEST_KEY_LENGTH + 1), 'long');
  assert.equal(map.get('d1'), 'short');
  assert.equal(map.get('x'.repeat(DIGEST_KEY_LENGTH + 1)), 'long');
  assert.equal(map.size, 3);
});

test('digest keys that share their first characters (one slot) are told apart, and each can go alone', () => {
  // same first six characters, so the same slot: a chain of three
  const keys = ['AAAAAA' + 'x'.repeat(37), 'AAAAAA' + 'y'.repeat(37), 'AAAAAA' + 'z'.repeat(37)];
  const evicted: string[] = [];
  const map = new LruMap<number>(3, { digestKeys: true, onEvict: (_value, key) => evicted.push(key) });
  keys.forEach((key, i) => map.set(key, i));
  keys.forEach((key, i) => assert.equal(map.get(key), i));
  assert.equal(map.delete(keys[1]), 1); // the middle of the chain
  assert.equal(map.get(keys[0]), 0);
  assert.equal(map.get(keys[2]), 2);
  assert.equal(map.get(keys[1]), undefined);
  map.set(keys[1], 11); // order now: 0 2 1
  map.set(digest('fresh'), 99); // keys[0] is the least recently used
  assert.deepEqual(evicted, [keys[0]]);
  assert.equal(map.get(keys[0]), undefined);
  assert.equal(map.get(keys[2]), 2);
  assert.equal(map.get(keys[1]), 11);
  assert.equal(map.size, 3);
});

test('100,000 digest keys: every one found, the bound kept, eviction in order', () => {
  const map = new LruMap<number>(50_000, { digestKeys: true });
  const keys = Array.from({ length: 100_000 }, (_, i) => digest(`t${i}`));
  keys.forEach((key, i) => map.set(key, i));
  assert.equal(map.size, 50_000);
  for (let i = 0; i < 50_000; i++) assert.equal(map.peek(keys[i]), undefined);
  for (let i = 50_000; i < 100_000; i++) assert.equal(map.get(digest(`t${i}`)), i);
});

test('a bound below 1 is refused', () => {
  assert.throws(() => new LruMap(0), /at least 1/);
});
