// Crash safety rounds: a write load (several clients: creates, renames, revokes, user deletes) runs
// against a real `tessera serve`; at a random moment the server gets SIGKILL; the database is checked
// (SQLite: PRAGMA integrity_check and foreign_key_check on the file; PostgreSQL: no orphaned rows), the
// server is started again and timed to its first ready /readyz, and every acknowledged write is looked
// for (every acknowledged revocation must still answer 401 — on the restarted node and, with
// PostgreSQL, on a second node that was never killed). Used by test/reliability/kill9.test.ts (a few
// rounds) and bench/kill9.ts (`npm run kill9`, 20 rounds, prints the figures).
import { existsSync } from 'node:fs';
import { openSqliteConnection } from '../../../src/store/sqlite.js';
import pg from 'pg';
import { startTessera, newBootstrapToken, type RunningTessera } from '../../support/tessera.js';
import { WriteLoad, type Lost } from './write-load.js';

export interface Kill9Options {
  /** A SQLite file path or a postgres:// URL (a database of the caller's own). */
  database: string;
  rounds: number;
  /** Load between kills, at random in [min, max] ms. */
  loadMs?: [number, number];
  clients?: number;
  log?: (line: string) => void;
}

export interface Kill9Figures {
  kill9_rounds: number;
  acknowledged_writes: number;
  acknowledged_writes_lost: number;
  revocations_undone: number;
  integrity_failures: number;
  restart_ms_p50: number;
  restart_ms_max: number;
  /** The first start on the fresh database, to judge restarts on a busy machine by. */
  first_start_ms: number;
  /** Details for failure messages. */
  lost: Lost[];
  undone: Lost[];
  integrityProblems: string[];
}

const SERVER_ENV = { TESSERA_AUTH_FAILURE_LIMIT: '0', TESSERA_LOG_LEVEL: 'warn' };

export async function runKill9Rounds(options: Kill9Options): Promise<Kill9Figures> {
  const log = options.log ?? (() => {});
  const isPostgres = /^postgres(ql)?:\/\//i.test(options.database);
  const adminToken = newBootstrapToken();
  const env = { ...SERVER_ENV, TESSERA_BOOTSTRAP_TOKEN: adminToken };
  const firstStarted = performance.now();
  let server: RunningTessera = await startTessera({ database: options.database, env });
  await waitReady(server.url, 30_000);
  const firstStartMs = performance.now() - firstStarted;
  // PostgreSQL: a second node that is never killed; revocations must hold there too
  const witness = isPostgres ? await startTessera({ database: options.database, env }) : undefined;
  const load = new WriteLoad(() => server.url, adminToken, { clients: options.clients ?? 4 });
  const restartMs: number[] = [];
  const lost = new Map<string, Lost>();
  const undone = new Map<string, Lost>();
  const integrityProblems: string[] = [];
  const [minMs, maxMs] = options.loadMs ?? [300, 1200];
  try {
    for (let round = 1; round <= options.rounds; round++) {
      load.start();
      await sleep(minMs + Math.random() * (maxMs - minMs));
      server.kill('SIGKILL');
      await server.exited;
      await load.stop(); // the clients see connection errors: those writes were not acknowledged

      const problems = isPostgres ? await postgresIntegrity(options.database) : sqliteIntegrity(options.database);
      integrityProblems.push(...problems.map((p) => `round ${round}: ${p}`));

      const started = performance.now();
      server = await startTessera({ database: options.database, env });
      await waitReady(server.url, 10_000);
      restartMs.push(performance.now() - started);

      for (const target of [server, ...(witness ? [witness] : [])]) {
        const verdict = await load.verify(target.url, adminToken);
        for (const item of verdict.lost) if (target === server) lost.set(item.what, item);
        for (const item of verdict.undone) undone.set(`${item.what} (${target === server ? 'restarted node' : 'other node'})`, item);
      }
      log(
        `round ${round}: ${load.acknowledged} writes acknowledged so far, restart ${Math.round(restartMs.at(-1)!)} ms, ` +
          `lost ${lost.size}, undone ${undone.size}, integrity problems ${integrityProblems.length}`,
      );
    }
  } finally {
    await load.stop();
    await server.stop().catch(() => server.kill('SIGKILL'));
    await witness?.stop().catch(() => witness.kill('SIGKILL'));
  }
  const sorted = [...restartMs].sort((a, b) => a - b);
  return {
    kill9_rounds: options.rounds,
    acknowledged_writes: load.acknowledged,
    acknowledged_writes_lost: lost.size,
    revocations_undone: undone.size,
    integrity_failures: integrityProblems.length,
    restart_ms_p50: Math.round(sorted[Math.floor((sorted.length - 1) / 2)] ?? 0),
    restart_ms_max: Math.round(sorted.at(-1) ?? 0),
    first_start_ms: Math.round(firstStartMs),
    lost: [...lost.values()],
    undone: [...undone.entries()].map(([what, item]) => ({ ...item, what })),
    integrityProblems,
  };
}

/** Opening the file runs WAL recovery as the next server start would; then SQLite checks itself. */
function sqliteIntegrity(path: string): string[] {
  const file = path.replace(/^sqlite:/, '');
  if (!existsSync(file)) return [`no database file at ${file}`];
  const db = openSqliteConnection(file);
  try {
    const problems: string[] = [];
    const integrity = (db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
    if (integrity !== 'ok') problems.push(`integrity_check: ${integrity}`);
    const dangling = db.prepare('PRAGMA foreign_key_check').all();
    if (dangling.length) problems.push(`foreign_key_check: ${JSON.stringify(dangling.slice(0, 5))}`);
    return problems;
  } finally {
    db.close();
  }
}

/** PostgreSQL enforces its constraints; check the relations the schema implies anyway. */
async function postgresIntegrity(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const checks: Record<string, string> = {
      'users without organization':
        'SELECT count(*) AS n FROM application_users u LEFT JOIN organizations o ON o.organization_id = u.organization_id WHERE o.organization_id IS NULL',
      'application-user tokens without user':
        "SELECT count(*) AS n FROM tokens t LEFT JOIN application_users u ON u.user_id = t.user_id WHERE t.kind = 'application_user' AND u.user_id IS NULL",
      'duplicate token digests': 'SELECT count(*) AS n FROM (SELECT token_digest FROM tokens GROUP BY token_digest HAVING count(*) > 1) d',
    };
    const problems: string[] = [];
    for (const [what, query] of Object.entries(checks)) {
      const n = Number((await client.query(query)).rows[0].n);
      if (n > 0) problems.push(`${what}: ${n}`);
    }
    return problems;
  } finally {
    await client.end();
  }
}

async function waitReady(url: string, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    try {
      const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) });
      await response.text();
      if (response.status === 200) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`${url}/readyz not ready within ${limitMs} ms`);
    await sleep(10);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
