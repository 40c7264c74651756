// LogOutput: the log's stdout buffer — lines of one turn in one write, a bound on what waits (the rest
// dropped and counted), a drain with a deadline, and a failed stdout that drops instead of throwing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { LogOutput } from '../../../src/server/log-output.js';

/** A stdout whose reader takes each write when told to (release), or never. */
function stdout() {
  const writes: string[] = [];
  const waiting: Array<(error?: Error | null) => void> = [];
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: string, _encoding, callback) {
      writes.push(chunk);
      waiting.push(callback);
    },
  });
  return { stream, writes, release: (error?: Error) => waiting.shift()?.(error) };
}

const line = (i: number) => `{"msg":"request completed","i":${i}}\n`;

test('the lines logged in one turn go out in one write, in order; those logged meanwhile in the next', async () => {
  const out = stdout();
  const output = new LogOutput(out.stream);
  for (let i = 0; i < 100; i++) output.write(line(i));
  assert.equal(out.writes.length, 0, 'nothing is written before the turn ends');
  await nextTurn();
  assert.deepEqual(out.writes, [Array.from({ length: 100 }, (_, i) => line(i)).join('')]);
  for (let i = 100; i < 150; i++) output.write(line(i));
  await nextTurn();
  assert.equal(out.writes.length, 1, 'nothing more while a write is under way');
  assert.equal(output.pendingLines, 150);
  out.release();
  await nextTurn();
  assert.deepEqual(out.writes.slice(1), [Array.from({ length: 50 }, (_, i) => line(100 + i)).join('')]);
  out.release();
  await nextTurn();
  assert.equal(output.pendingLines, 0);
  assert.equal(output.droppedLines, 0);
});

test('a stdout that takes nothing: what waits stays under the bound, the rest is dropped and counted', async () => {
  const out = stdout();
  const size = line(0).length;
  const output = new LogOutput(out.stream, 100 * size);
  for (let i = 0; i < 60; i++) output.write(line(0));
  await nextTurn(); // 60 lines handed to the stream, never taken
  for (let i = 0; i < 1_000_000; i++) output.write(line(0));
  assert.equal(output.pendingLines, 100, 'the written batch and the queue together hold the bound');
  assert.equal(output.droppedLines, 1_000_060 - 100);
  assert.equal(out.writes.length, 1);
});

test('drain writes what is queued and waits for it, at most the deadline', async () => {
  const taken = stdout();
  const output = new LogOutput(taken.stream);
  output.write(line(1));
  const drained = output.drain(5000);
  assert.equal(taken.writes.length, 1, 'drain writes at once, without waiting for the turn to end');
  taken.release();
  assert.equal(await drained, true);

  const stalled = new LogOutput(stdout().stream);
  stalled.write(line(1));
  const started = performance.now();
  assert.equal(await stalled.drain(50), false);
  assert.ok(performance.now() - started < 2000, 'the deadline ends the wait');
  assert.equal(stalled.pendingLines, 1);
});

test('a stdout that fails (its reader went away): lines are dropped and counted, nothing throws', async () => {
  const out = stdout();
  const failures: Error[] = [];
  const output = new LogOutput(out.stream, undefined, (error) => failures.push(error));
  for (let i = 0; i < 3; i++) output.write(line(i));
  await nextTurn();
  out.release(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
  await nextTurn();
  assert.equal(failures.length, 1);
  assert.equal(output.droppedLines, 3);
  output.write(line(4));
  assert.equal(output.droppedLines, 4);
  assert.equal(output.pendingLines, 0);
  assert.equal(await output.drain(5000), false);
});
