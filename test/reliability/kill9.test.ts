// kill -9 under a concurrent write load, a few rounds on SQLite and on PostgreSQL (`npm run kill9` runs
// 20 and prints the figures): nothing acknowledged is lost, no acknowledged revocation is undone (on
// any node), the database passes its integrity checks, and the restarted server is ready within 2 s.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresForTests, type TestPostgres } from '../support/postgres.js';
import { runKill9Rounds, type Kill9Figures } from './support/kill9.js';

const ROUNDS = 3;

function assertSurvived(figures: Kill9Figures): void {
  assert.equal(figures.kill9_rounds, ROUNDS);
  assert.ok(figures.acknowledged_writes >= 10, `the load wrote (${figures.acknowledged_writes} acknowledged writes)`);
  assert.deepEqual(figures.integrityProblems, [], 'the database passes its integrity checks after every kill');
  assert.deepEqual(figures.lost, [], 'every acknowledged write survives kill -9');
  assert.deepEqual(figures.undone, [], 'every acknowledged revocation stays revoked');
  // Ready within 2 s of the restart: the median, so one restart slowed by a busy machine does not fail
  // the suite (npm run kill9 reports the slowest). On a machine so loaded that even the first, clean start
  // takes longer, a restart after kill -9 must at least not be much slower than that (no long recovery).
  const limit = Math.max(2000, 1.5 * figures.first_start_ms);
  assert.ok(
    figures.restart_ms_p50 <= limit,
    `ready within ${Math.round(limit)} ms of the restart (median ${figures.restart_ms_p50} ms, slowest ${figures.restart_ms_max} ms, first start ${figures.first_start_ms} ms)`,
  );
}

describe('kill -9 under write load: SQLite', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-kill9-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test(`${ROUNDS} rounds`, { timeout: 180_000 }, async () => {
    const figures = await runKill9Rounds({ database: join(dir, 'tessera.db'), rounds: ROUNDS });
    process.stderr.write(`kill -9 on SQLite: ${JSON.stringify({ ...figures, lost: undefined, undone: undefined, integrityProblems: undefined })}\n`);
    assertSurvived(figures);
  });
});

const pgOrSkip = await postgresForTests();
describe('kill -9 under write load: PostgreSQL', { skip: 'skip' in pgOrSkip ? pgOrSkip.skip : false }, () => {
  const pg = pgOrSkip as TestPostgres;
  after(() => pg.stop());

  test(`${ROUNDS} rounds, revocations checked on the restarted node and on one never killed`, { timeout: 180_000 }, async () => {
    const figures = await runKill9Rounds({ database: pg.url, rounds: ROUNDS });
    process.stderr.write(`kill -9 on PostgreSQL: ${JSON.stringify({ ...figures, lost: undefined, undone: undefined, integrityProblems: undefined })}\n`);
    assertSurvived(figures);
  });
});
