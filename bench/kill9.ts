// Crash safety, the long run (npm run kill9): KILL9_ROUNDS (default 20) SIGKILLs at random moments under
// a concurrent write load, on SQLite and on PostgreSQL (a private cluster, or TESSERA_TEST_POSTGRES_URL),
// checking after each restart what test/reliability/support/kill9.ts checks. The last line printed is one
// JSON object: kill9_rounds, acknowledged_writes_lost (target 0), revocations_undone (target 0),
// restart_ms_p50 (the slower database's median; target 2,000), and the same per database. Exit 1 when a
// target is missed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresForTests, type TestPostgres } from '../test/support/postgres.js';
import { runKill9Rounds, type Kill9Figures } from '../test/reliability/support/kill9.js';

const ROUNDS = Number(process.env.KILL9_ROUNDS ?? 20);
const log = (line: string) => process.stderr.write(`${line}\n`);
const summary = (f: Kill9Figures) => ({
  kill9_rounds: f.kill9_rounds,
  acknowledged_writes: f.acknowledged_writes,
  acknowledged_writes_lost: f.acknowledged_writes_lost,
  revocations_undone: f.revocations_undone,
  integrity_failures: f.integrity_failures,
  restart_ms_p50: f.restart_ms_p50,
  restart_ms_max: f.restart_ms_max,
  first_start_ms: f.first_start_ms,
});

const dir = mkdtempSync(join(tmpdir(), 'tessera-kill9-bench-'));
const results: Record<string, ReturnType<typeof summary>> = {};
const details: Kill9Figures[] = [];
try {
  log(`SQLite: ${ROUNDS} rounds`);
  const sqlite = await runKill9Rounds({ database: join(dir, 'tessera.db'), rounds: ROUNDS, log });
  results.sqlite = summary(sqlite);
  details.push(sqlite);
  const pgOrSkip = await postgresForTests();
  if ('skip' in pgOrSkip) log(pgOrSkip.skip);
  else {
    const pg = pgOrSkip as TestPostgres;
    try {
      log(`PostgreSQL (${pg.source}): ${ROUNDS} rounds`);
      const postgres = await runKill9Rounds({ database: pg.url, rounds: ROUNDS, log });
      results.postgres = summary(postgres);
      details.push(postgres);
    } finally {
      await pg.stop();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
for (const f of details) for (const item of [...f.lost, ...f.undone].slice(0, 20)) log(`  ${item.what}`);
for (const f of details) for (const problem of f.integrityProblems) log(`  ${problem}`);
const all = Object.values(results);
// the slower database's median: the lower of two medians hid the slower one
const figures = {
  kill9_rounds: all.reduce((n, r) => n + r.kill9_rounds, 0),
  acknowledged_writes_lost: all.reduce((n, r) => n + r.acknowledged_writes_lost, 0),
  revocations_undone: all.reduce((n, r) => n + r.revocations_undone, 0),
  integrity_failures: all.reduce((n, r) => n + r.integrity_failures, 0),
  restart_ms_p50: Math.max(0, ...all.map((r) => r.restart_ms_p50)),
  ...results,
};
console.log(JSON.stringify(figures));
// the restart target: /readyz within 2 s (the slower database's median)
process.exitCode = figures.acknowledged_writes_lost || figures.revocations_undone || figures.integrity_failures || figures.restart_ms_p50 > 2000 ? 1 : 0;
