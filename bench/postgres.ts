// PostgreSQL backend benchmark (npm run bench:postgres). One run, two real `tessera serve` processes
// under the same load — one on SQLite, one on a private PostgreSQL cluster — and two figures:
//   pg_over_sqlite_rps:          authenticated requests/s on PostgreSQL ÷ the same on SQLite, median of
//                                 interleaved 1 s rounds (cache hits:
//                                 what a token-authenticated API mostly serves);
//   db_roundtrips_per_cache_hit: statements the PostgreSQL node sends on the request path per
//                                 authenticated request whose token is cached (pg_stat_statements; the
//                                 listener heartbeat and the coalesced last-use writes, which run in the
//                                 background about once a second, are reported apart).
// The last line printed is one JSON object with the figures.
import pg from 'pg';
import { startPostgresCluster, privateClusterUnavailableReason } from '../test/support/postgres.js';
import { startTessera } from '../test/support/tessera.js';
import { runLoad } from './auth-load.js';

const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const CACHE_HIT_MS = 2500;

type Server = Awaited<ReturnType<typeof startTessera>>;

async function api(server: Server, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `aivenv1 ${server.adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

/** A new application-user token on `server` (not yet used, so not cached). */
async function newToken(server: Server): Promise<string> {
  const org = await api(server, 'POST', '/v1/organizations', { organization_name: 'bench' });
  const user = await api(server, 'POST', `/v1/organization/${org.organization_id}/application-users`, { name: 'bench' });
  const token = await api(server, 'POST', `/v1/organization/${org.organization_id}/application-users/${user.user_id}/access-tokens`, {
    description: 'bench',
  });
  return token.full_token as string;
}

/** A token on `server`, used so that it is cached. */
async function cachedToken(server: Server): Promise<string> {
  const token = await newToken(server);
  await load(server.url, token, 200, 4);
  return token;
}

/** Statements in this database since the last reset, by kind (pg_stat_statements). */
async function countStatements(stats: pg.Client): Promise<{ requestPath: number; lastUseWrites: number; heartbeats: number; queries: string[] }> {
  const { rows } = await stats.query<{ query: string; calls: string }>(
    `SELECT query, calls FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  const counted = { requestPath: 0, lastUseWrites: 0, heartbeats: 0, queries: [] as string[] };
  for (const row of rows) {
    const calls = Number(row.calls);
    if (/pg_stat_statements/.test(row.query)) continue;
    if (/tessera_listener_heartbeat/.test(row.query)) counted.heartbeats += calls;
    // the coalesced last-use flush: one transaction of UPDATEs about once a second, off the request path
    else if (/^update "tokens" set "last_used_time"/i.test(row.query) || /^(begin|commit)$/i.test(row.query.trim())) counted.lastUseWrites += calls;
    else {
      counted.requestPath += calls;
      counted.queries.push(`${calls}× ${row.query.replace(/\s+/g, ' ').slice(0, 80)}`);
    }
  }
  return counted;
}

/** GET /v1/me with `token`: `connections` keep-alive connections, for `durationMs` or `requests` requests. */
async function load(url: string, token: string, requests: number, connections: number, durationMs?: number): Promise<{ ok: number; failed: number; ms: number }> {
  const result = await runLoad({
    url: `${url}/v1/me`,
    headers: { authorization: `aivenv1 ${token}`, 'user-agent': 'tessera-bench/1.0' },
    connections,
    ...(Number.isFinite(requests) ? { requests } : {}),
    ...(durationMs !== undefined ? { durationMs } : {}),
  });
  const ok = result.statuses['200'] ?? 0;
  return { ok, failed: result.requests - ok, ms: result.seconds * 1000 };
}

async function main(): Promise<void> {
  const cannot = privateClusterUnavailableReason();
  if (cannot) {
    // it starts its own server (with pg_stat_statements preloaded), so a URL from the environment will not do
    console.error(`!!! bench:postgres cannot run: ${cannot}`);
    console.log(JSON.stringify({ pg_over_sqlite_rps: null, db_roundtrips_per_cache_hit: null, skipped: 'no PostgreSQL' }));
    return;
  }
  const cluster = await startPostgresCluster({ settings: { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all' } });
  const databaseUrl = await cluster.createDatabase('tessera_bench');
  const stats = new pg.Client({ connectionString: databaseUrl });
  const servers: Server[] = [];
  try {
    await stats.connect();
    await stats.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    const sqlite = await startTessera();
    servers.push(sqlite);
    const postgres = await startTessera({ database: databaseUrl });
    servers.push(postgres);
    const tokens = new Map<Server, string>([
      [sqlite, await cachedToken(sqlite)],
      [postgres, await cachedToken(postgres)],
    ]);

    // Throughput: same load, rounds interleaved so drift on a shared machine hits both alike.
    const totals = new Map<Server, { ok: number; failed: number; ms: number }>([
      [sqlite, { ok: 0, failed: 0, ms: 0 }],
      [postgres, { ok: 0, failed: 0, ms: 0 }],
    ]);
    // Warm-up (JIT, connection pools) on both before anything is measured.
    for (const server of [sqlite, postgres]) await load(server.url, tokens.get(server)!, Infinity, CONCURRENCY, 1000);
    // Each round measures both back to back (order alternating); the figure is the median of the
    // rounds' ratios, so a burst of load from elsewhere on the machine spoils one round, not the result.
    const roundRatios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const roundRps = new Map<Server, number>();
      for (const server of round % 2 === 0 ? [sqlite, postgres] : [postgres, sqlite]) {
        const result = await load(server.url, tokens.get(server)!, Infinity, CONCURRENCY, DURATION_MS);
        const total = totals.get(server)!;
        total.ok += result.ok;
        total.failed += result.failed;
        total.ms += result.ms;
        roundRps.set(server, (result.ok / result.ms) * 1000);
      }
      roundRatios.push(roundRps.get(postgres)! / roundRps.get(sqlite)!);
    }
    const rps = (server: Server) => (totals.get(server)!.ok / totals.get(server)!.ms) * 1000;
    const sqliteRps = rps(sqlite);
    const postgresRps = rps(postgres);
    const sortedRatios = [...roundRatios].sort((a, b) => a - b);
    const middle = sortedRatios.length / 2;
    const medianRatio = sortedRatios.length % 2 ? sortedRatios[Math.floor(middle)] : (sortedRatios[middle - 1] + sortedRatios[middle]) / 2;

    // Round trips on a cache hit: every statement the database sees while the PostgreSQL node serves
    // authenticated requests with a cached token for CACHE_HIT_MS (long enough for the background
    // last-use flushes and listener heartbeats to show up, which proves the counting sees this node).
    const token = tokens.get(postgres)!;
    await load(postgres.url, token, 50, 4);
    await stats.query('SELECT pg_stat_statements_reset()');
    const hits = await load(postgres.url, token, Infinity, 8, CACHE_HIT_MS);
    const counted = await countStatements(stats);
    // Control: one request with a token this node has not seen must reach the database.
    const uncached = await newToken(postgres);
    await stats.query('SELECT pg_stat_statements_reset()');
    const miss = await load(postgres.url, uncached, 1, 1);
    const control = await countStatements(stats);
    if (miss.ok !== 1 || control.requestPath < 1) throw new Error(`the statement count does not see the node (control: ${JSON.stringify(control)})`);

    console.log(`authenticated GET /v1/me, ${CONCURRENCY} keep-alive connections, ${ROUNDS} × ${DURATION_MS} ms per backend`);
    console.log(`  SQLite:     ${sqliteRps.toFixed(0)} req/s (${totals.get(sqlite)!.ok} ok, ${totals.get(sqlite)!.failed} failed)`);
    console.log(`  PostgreSQL: ${postgresRps.toFixed(0)} req/s (${totals.get(postgres)!.ok} ok, ${totals.get(postgres)!.failed} failed)`);
    console.log(`  PostgreSQL ÷ SQLite per round: ${roundRatios.map((r) => r.toFixed(2)).join(', ')} (median ${medianRatio.toFixed(3)})`);
    console.log(`cache hits on PostgreSQL: ${hits.ok} requests in ${(hits.ms / 1000).toFixed(1)} s (${hits.failed} failed)`);
    console.log(`  request-path statements: ${counted.requestPath}${counted.queries.length ? ` (${counted.queries.join('; ')})` : ''}`);
    console.log(`  background: ${counted.lastUseWrites} last-use write statements (coalesced, ~1/s), ${counted.heartbeats} listener heartbeats`);
    console.log(`control, one cache miss: ${control.requestPath} request-path statements (${control.queries.join('; ')})`);
    const figures = {
      pg_over_sqlite_rps: Number(medianRatio.toFixed(3)),
      db_roundtrips_per_cache_hit: Number((counted.requestPath / Math.max(1, hits.ok)).toFixed(4)),
      db_roundtrips_per_cache_miss: control.requestPath,
      sqlite_rps: Math.round(sqliteRps),
      postgres_rps: Math.round(postgresRps),
      last_use_writes_per_request: Number((counted.lastUseWrites / Math.max(1, hits.ok)).toFixed(5)),
    };
    console.log(JSON.stringify(figures));
  } finally {
    await stats.end().catch(() => undefined);
    for (const server of servers) await server.stop().catch(() => undefined);
    await cluster.stop();
  }
}

await main();
