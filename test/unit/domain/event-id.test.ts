// Event ids sort as text in the order they were given out, after the newest committed one, even when
// the clock is behind it (another node's clock, or many events in one millisecond).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstEventIdAt, isEventId, nextEventId } from '../../../src/domain/event-id.js';

test('ids follow time, and follow the previous id when the clock is not ahead of it', () => {
  const t = Date.parse('2026-12-02T06:00:00Z');
  const first = nextEventId(undefined, t);
  assert.ok(isEventId(first));
  const ids = [first];
  for (const time of [t, t, t - 5000, t + 1, t + 1, t - 1]) ids.push(nextEventId(ids[ids.length - 1], time));
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids).size, ids.length);
  assert.ok(nextEventId(ids[ids.length - 1], t + 10) > ids[ids.length - 1]);
});

test('sequence overflow within a millisecond moves to the next millisecond; firstEventIdAt bounds older ids', () => {
  const t = 1_000;
  const full = `ev${t.toString(16).padStart(12, '0')}ffffff`;
  const next = nextEventId(full, t);
  assert.ok(next > full);
  assert.equal(next, firstEventIdAt(t + 1));
  assert.ok(nextEventId(undefined, t - 1) < firstEventIdAt(t));
  assert.ok(!isEventId('ev123'));
  assert.ok(!isEventId('EV01a235586fa1000000'));
});
