// The /metrics floors: memory right after V8's last major collection, which does not swing with the
// garbage awaiting the next one (what `npm run soak` measures growth by).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { setTimeout as sleep } from 'node:timers/promises';
import { Metrics } from '../../../src/server/metrics.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const gauges = { lastUsePending: 0, lastUseWrites: 0, verificationCacheEntries: 0 };
const sample = (text: string, name: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  assert.ok(line, `/metrics has ${name}`);
  return Number(line.slice(name.length + 1));
};

test('a major collection sets the after-major-GC gauges and counts', async () => {
  const metrics = new Metrics();
  try {
    const before = metrics.render(gauges);
    assert.match(before, /# TYPE nodejs_gc_major_total counter/);
    assert.match(before, /# TYPE nodejs_heap_used_after_major_gc_bytes gauge/);
    assert.match(before, /# TYPE process_resident_memory_after_major_gc_bytes gauge/);
    assert.equal(sample(before, 'nodejs_gc_major_total'), 0, 'nothing observed before observing');
    assert.equal(sample(before, 'process_resident_memory_after_major_gc_bytes'), 0);

    metrics.observeCollections();
    // garbage that a full collection takes
    let garbage: unknown[] | undefined = Array.from({ length: 200_000 }, (_, i) => ({ i, s: `x${i}` }));
    assert.ok(garbage.length);
    garbage = undefined;
    collectGarbage();
    // the entry is delivered asynchronously; RSS is read again up to 500 ms later
    const deadline = Date.now() + 5000;
    while (metrics.afterMajorGc.count === 0 && Date.now() < deadline) await sleep(20);
    await sleep(600);

    const after = metrics.render(gauges);
    const count = sample(after, 'nodejs_gc_major_total');
    const heap = sample(after, 'nodejs_heap_used_after_major_gc_bytes');
    const rss = sample(after, 'process_resident_memory_after_major_gc_bytes');
    assert.ok(count >= 1, `the forced collection was counted (${count})`);
    assert.ok(heap > 1024 * 1024, `heap after the collection: ${heap} bytes`);
    assert.ok(rss > heap, `RSS after the collection (${rss}) holds at least the heap (${heap})`);
    assert.ok(rss <= sample(after, 'process_resident_memory_bytes') * 2, 'RSS after the collection is a plausible figure');

    // minor collections (scavenges) do not count
    const counted = metrics.afterMajorGc.count;
    for (let i = 0; i < 20; i++) Array.from({ length: 10_000 }, (_, j) => ({ j }));
    await sleep(50);
    assert.equal(metrics.afterMajorGc.count, counted, 'no major collection from short-lived objects alone');
  } finally {
    metrics.close();
  }
  // closed: no more observations
  const closedAt = metrics.afterMajorGc.count;
  collectGarbage();
  await sleep(100);
  assert.equal(metrics.afterMajorGc.count, closedAt, 'close() stops observing');
});
