// Authentication benchmarks. Prints each figure as it is measured and, as the LAST line, one JSON
// object with the figures below, the node and the load generator that produced them.
//
// Load generator: wrk (a C load generator, Debian package `wrk`) when it is installed, otherwise
// bench/auth-load.ts (Node, in its own process), which saturates before the server does: its ratios
// say more about itself. The first line says which ran; BENCH_LOAD_GENERATOR=node forces the Node one.
//
// 1. auth_over_unauth_rps: authenticated GET /v1/me ÷ unauthenticated GET /healthz, requests per
//    second on the same `bin/tessera serve` process, keep-alive, 32 connections: BENCH_ROUNDS (8)
//    interleaved 2-second rounds of each (their order alternating), the median of the rounds' ratios.
//    introspect_rps: POST /v1/token/introspect (form body) in the same rounds, median. me_p99_ms:
//    the 99th percentile latency of GET /v1/me at 64 connections, median of 3 rounds.
// 2. db_writes_per_10k: write statements (last-use UPDATEs, and the INSERT of first-sighting audit
//    events, one per flush that has any) for a burst of 10,000 authenticated requests on one token
//    (tessera_last_use_writes_total + tessera_audit_sighting_writes_total, after the final flush).
// 3. verify_over_sha256: in process, verifications of a cached token per second ÷ the token digests
//    (tokenDigest: SHA-256) of the same token per second.
// 4. verify_1m_over_1k: cached verification throughput over a working set of 1,000 tokens with
//    1,000,000 tokens in the database ÷ the same with 1,000. Also printed: the uncached path (every
//    verification a database lookup by digest), lookup_1m_over_1k, from paired passes over the
//    1,000 sample tokens of each database like the other in-process figures.
//
// Machine noise: in-process figures count operations per CPU-second of this process; the HTTP ratio is
// also given per CPU-second of the server process (auth_over_unauth_rps_cpu), since wall-clock rates
// on a shared machine swing with the neighbours' load. Even per CPU-second, a neighbour's load moves an
// in-process rate by up to half on the 2-core machine (preemption empties the caches; SHA-256 itself ran
// at 1.8M and at 3.5M a CPU-second in rounds a second apart), in phases lasting seconds. So the two
// sides of an in-process ratio are measured in pairs of adjacent 150 ms rounds, IN_PROCESS_ROUNDS (24)
// pairs, which side goes first alternating, and the figure is the median of the pairs' ratios, like
// the HTTP figure's. (It was the best round of each side over 6 rounds of 400 ms: one lucky round on
// either side decided it, and two identical measurements, 1k tokens against another 1k, came out
// between 0.77 and 1.04, which is how Node 24 showed verify_1m_over_1k 0.75.) The garbage of the
// 1,000,000-row insert is collected before the first round, so no round pays for it. Each round's
// rates are printed (`rounds:` lines), and each side's best round beside the figure.
//
// Run with `npm run bench:auth` (needs `npm run build` for bin/tessera). Bounded: about two minutes.
// BENCH_ONLY=in-process measures only figures 3 and 4 (no server, no load generator; about a minute,
// most of it the 1,000,000-row insert), BENCH_ONLY=http only figures 1 and 2; the JSON line then
// holds only the figures measured.
import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { generateToken, tokenPrefixOf } from '../src/domain/token-format.js';
import { tokenDigest } from '../src/domain/token-digest.js';
import { systemClock } from '../src/domain/clock.js';
import { openSqliteStore, type SqliteStore } from '../src/store/sqlite.js';
import { tokenRow } from '../src/store/sql-store.js';
import type { SqlStore } from '../src/store/sql-store.js';
import type { TokenRecord } from '../src/store/records.js';
import { VerificationCache } from '../src/server/auth/verification-cache.js';
import { LastUseBuffer } from '../src/server/auth/last-use-buffer.js';
import { FailedAuthLimiter } from '../src/server/auth/failed-auth-limiter.js';
import { TokenVerifier } from '../src/server/auth/token-verifier.js';
import { Metrics } from '../src/server/metrics.js';
import type { LoadOptions, LoadResult } from './auth-load.js';
import { runWrk, wrkVersion } from './wrk-load.js';
import { cpuMsOf } from './process-cpu.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = promisify(execFile);
const workDir = mkdtempSync(join(tmpdir(), 'tessera-bench-'));
const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;
const log = (text: string) => process.stdout.write(`${text}\n`);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const ROUND_MS = 2000;
const CONNECTIONS = 32;

const wrk = process.env.BENCH_LOAD_GENERATOR === 'node' ? undefined : wrkVersion();
const generatorName = wrk ?? 'node (bench/auth-load.ts)';

/** One load round with wrk where installed, otherwise with the Node generator in its own process. */
async function load(options: LoadOptions): Promise<LoadResult> {
  if (wrk !== undefined && options.requests === undefined) return runWrk({ ...options, durationMs: options.durationMs ?? 2000 });
  const { stdout } = await run(process.execPath, ['--import', 'tsx', join(root, 'bench/auth-load.ts'), JSON.stringify(options)], {
    cwd: root,
    timeout: 120_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as LoadResult;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
const cpuSecondsOf = (pid: number): number => cpuMsOf(pid) / 1000;

async function startServer(): Promise<{ url: string; admin: string; pid: number; stop(): Promise<void> }> {
  const admin = generateToken();
  const child = spawn(join(root, 'bin/tessera'), ['serve', '--host', '127.0.0.1', '--port', '0', '--database', join(workDir, 'http.db')], {
    cwd: root,
    env: { ...process.env, TESSERA_BOOTSTRAP_TOKEN: admin, TESSERA_LOG_LEVEL: process.env.TESSERA_LOG_LEVEL ?? 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (!out.includes('tessera listening')) out += chunk.toString();
      const match = /"url":"([^"]+)"[^\n]*"msg":"tessera listening"/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  child.stdout!.resume(); // request logs go nowhere, but are still written (as in production)
  return {
    url,
    admin,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function api(url: string, token: string, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(url + path, {
    method,
    headers: { authorization: `aivenv1 ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Database writes the use of tokens caused: last-use UPDATEs plus first-sighting audit events. */
async function lastUseWrites(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const counter = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
  return counter('tessera_last_use_writes_total') + counter('tessera_audit_sighting_writes_total');
}

interface HttpFigures {
  authOverUnauth: number;
  authOverUnauthCpu: number;
  introspectRps: number;
  meP99Ms: number;
  writesPer10k: number;
}

async function httpFigures(): Promise<HttpFigures> {
  const server = await startServer();
  try {
    const org = (await api(server.url, server.admin, 'POST', '/v1/organizations', { organization_name: 'bench' })).organization_id;
    const user = (await api(server.url, server.admin, 'POST', `/v1/organization/${org}/application-users`, { name: 'bench' })).user_id;
    const token = (await api(server.url, server.admin, 'POST', `/v1/organization/${org}/application-users/${user}/access-tokens`, { description: 'bench' })).full_token as string;
    const auth = { authorization: `aivenv1 ${token}`, 'user-agent': 'tessera-bench/1.0' };
    // What another service does on each of its requests: introspect the token it was given, with its own.
    const introspected = (await api(server.url, server.admin, 'POST', `/v1/organization/${org}/application-users/${user}/access-tokens`, { description: 'introspected' })).full_token as string;
    const introspect: LoadOptions = {
      url: `${server.url}/v1/token/introspect`, method: 'POST', body: `token=${introspected}`,
      headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' }, connections: CONNECTIONS, durationMs: ROUND_MS,
    };
    const healthz: LoadOptions = { url: `${server.url}/healthz`, connections: CONNECTIONS, durationMs: ROUND_MS };
    const me: LoadOptions = { url: `${server.url}/v1/me`, headers: auth, connections: CONNECTIONS, durationMs: ROUND_MS };

    // requests per second of the server's own CPU time: what the server could do were it not sharing
    // the machine (the load generator and everything else run elsewhere)
    const measured = async (options: LoadOptions) => {
      const cpuBefore = cpuSecondsOf(server.pid);
      const result = await load(options);
      const failed = Object.entries(result.statuses).filter(([status]) => status !== '200' && status !== 'ok');
      if (failed.length) throw new Error(`${options.url}: not every answer was a success: ${JSON.stringify(result.statuses)}`);
      return { result, perCpu: result.requests / (cpuSecondsOf(server.pid) - cpuBefore) };
    };
    // warm-up: the first seconds run several times slower (JIT, caches)
    for (const options of [healthz, me, introspect]) await load({ ...options, durationMs: 2000 });
    const ratios: number[] = [];
    const cpuRatios: number[] = [];
    const introspectRates: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      // alternate which goes first, so a neighbour's burst does not always land on the same side
      const [first, second] = i % 2 === 0 ? [healthz, me] : [me, healthz];
      const a = await measured(first);
      const b = await measured(second);
      const [unauth, authed] = i % 2 === 0 ? [a, b] : [b, a];
      const inspect = await measured(introspect);
      ratios.push(authed.result.rps / unauth.result.rps);
      cpuRatios.push(authed.perCpu / unauth.perCpu);
      introspectRates.push(inspect.result.rps);
      log(
        `round ${i + 1}: /healthz ${Math.round(unauth.result.rps)} rps (${Math.round(unauth.perCpu)} per server CPU-second), ` +
          `/v1/me ${Math.round(authed.result.rps)} rps (${Math.round(authed.perCpu)}), ratio ${round(ratios[i])} (${round(cpuRatios[i])} per CPU-second); ` +
          `introspection ${Math.round(inspect.result.rps)} rps`,
      );
    }
    const authOverUnauth = median(ratios);
    const authOverUnauthCpu = median(cpuRatios);
    const introspectRps = median(introspectRates);
    log(`auth_over_unauth_rps = ${round(authOverUnauth)} (median of ${ROUNDS} interleaved rounds, ${CONNECTIONS} connections; per server CPU-second: ${round(authOverUnauthCpu)})`);
    log(`introspect_rps = ${Math.round(introspectRps)} (POST /v1/token/introspect, form body, median of ${ROUNDS})`);

    const p99s: number[] = [];
    for (let i = 0; i < 3; i++) p99s.push((await measured({ ...me, connections: 64 })).result.p99Ms);
    const meP99Ms = median(p99s);
    log(`me_p99_ms = ${round(meP99Ms, 2)} (GET /v1/me at 64 connections, median of 3 rounds: ${p99s.map((p) => round(p, 2)).join(', ')})`);

    // a fresh token, so only this burst's writes count (a fixed count of requests: the Node generator)
    const burstToken = (await api(server.url, server.admin, 'POST', `/v1/organization/${org}/application-users/${user}/access-tokens`, { description: 'burst' })).full_token as string;
    await new Promise((r) => setTimeout(r, 1200));
    const before = await lastUseWrites(server.url);
    const burst = await load({ url: `${server.url}/v1/me`, headers: { authorization: `aivenv1 ${burstToken}` }, connections: 16, requests: 10_000 });
    await new Promise((r) => setTimeout(r, 1500)); // the last flush
    const writes = (await lastUseWrites(server.url)) - before;
    log(`db_writes_per_10k = ${writes} (10,000 requests in ${burst.seconds.toFixed(2)} s, ${Math.round(burst.rps)} rps)`);
    return { authOverUnauth, authOverUnauthCpu, introspectRps, meP99Ms, writesPer10k: writes };
  } finally {
    await server.stop();
  }
}

/**
 * Operations per CPU-second of fn (this process's user + system time) in one round of about `ms`.
 * CPU time rather than wall time: the machine is shared, and a neighbour's load would otherwise decide
 * the figure.
 */
function throughput(fn: (i: number) => void, ms: number): number {
  let count = 0;
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  while (performance.now() - wallStart < ms) {
    for (let i = 0; i < 1000; i++) fn(count + i);
    count += 1000;
  }
  const cpu = process.cpuUsage(cpuStart);
  return count / ((cpu.user + cpu.system) / 1e6);
}

const IN_PROCESS_ROUNDS = Number(process.env.BENCH_IN_PROCESS_ROUNDS ?? 24);
const IN_PROCESS_ROUND_MS = 150;

/**
 * Two measurements in IN_PROCESS_ROUNDS pairs of adjacent rounds (which goes first alternates, so
 * garbage one leaves behind does not always land on the other): the median of the pairs' ratios b ÷ a,
 * and each side's best round. Prints the rounds.
 */
function interleaved(
  name: string,
  a: [string, (i: number) => void],
  b: [string, (i: number) => void],
): { ratio: number; bestA: number; bestB: number } {
  const rates: [number[], number[]] = [[], []];
  for (let r = 0; r < IN_PROCESS_ROUNDS; r++) {
    for (const side of r % 2 === 0 ? [0, 1] : [1, 0]) rates[side].push(throughput((side === 0 ? a : b)[1], IN_PROCESS_ROUND_MS));
  }
  return pairedRatio(name, a[0], b[0], rates, (n) => `${Math.round(n / 1000)}k`);
}

/**
 * {@link interleaved} for measurements that are awaited: each side is one pass that returns its rate;
 * IN_PROCESS_ROUNDS pairs, which side goes first alternating. (The uncached figure was the best of
 * three passes of 1k and then three of 1M: whichever ran second came out 10-40 % apart on its own,
 * so the same build printed 0.56 and 0.88 on Node 24 depending on the order.)
 */
async function interleavedPasses(
  name: string,
  a: [string, () => Promise<number>],
  b: [string, () => Promise<number>],
): Promise<{ ratio: number; bestA: number; bestB: number }> {
  const rates: [number[], number[]] = [[], []];
  for (let r = 0; r < IN_PROCESS_ROUNDS; r++) {
    for (const side of r % 2 === 0 ? [0, 1] : [1, 0]) rates[side].push(await (side === 0 ? a : b)[1]());
  }
  return pairedRatio(name, a[0], b[0], rates, (n) => `${(n / 1000).toFixed(1)}k`);
}

/** Prints the rounds of a paired measurement; the median of the pairs' ratios b ÷ a, and each side's best. */
function pairedRatio(
  name: string,
  aName: string,
  bName: string,
  rates: [number[], number[]],
  format: (rate: number) => string,
): { ratio: number; bestA: number; bestB: number } {
  log(`rounds: ${name}: ${aName} ${rates[0].map(format).join(' ')}; ${bName} ${rates[1].map(format).join(' ')}`);
  return { ratio: median(rates[1].map((rate, r) => rate / rates[0][r])), bestA: Math.max(...rates[0]), bestB: Math.max(...rates[1]) };
}

/** Collects all garbage (twice: what finalizers free too), so the rounds do not pay for earlier work. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
}

function tokenRecord(fullToken: string, userId: string, organizationId: string, now: number): TokenRecord {
  return {
    tokenPrefix: tokenPrefixOf(fullToken), kind: 'application_user', userId, organizationId, description: 'bench', createTime: now,
    createdManually: true, maxAgeSeconds: 0, requestedMaxAgeSeconds: 0, extendWhenUsed: false, expiryTime: null, lastUsedTime: null, lastIp: null,
    lastUserAgent: null, lastUserAgentHumanReadable: null, scopes: null, ipAllowlist: null, rotatedTo: null,
  };
}

/** A SQLite database with `count` tokens inserted in bulk in one transaction; returns 1,000 of them in full. */
async function databaseWithTokens(count: number): Promise<{ store: SqliteStore; sample: string[] }> {
  const store = openSqliteStore(join(workDir, `tokens-${count}.db`));
  store.sqlite.exec('PRAGMA cache_size = -262144'); // 256 MiB page cache: index inserts stay in memory
  store.sqlite.exec('PRAGMA synchronous = OFF'); // a throwaway database: no need to wait for the disk
  await store.migrate();
  const now = Date.now();
  await store.createOrganization({ organizationId: 'orgbench', accountId: 'abench', name: 'bench', tier: 'business', createTime: now, updateTime: now });
  await store.createUser({ userId: 'ubench', organizationId: 'orgbench', name: 'bench', userEmail: 'b@x', isSuperAdmin: false, createTime: now });
  const sample: string[] = [];
  const started = performance.now();
  // One prepared INSERT, one transaction: the fast way to load a million rows into SQLite.
  const columns = Object.keys(tokenRow(tokenRecord(generateToken(), 'u', 'o', now), 'd'));
  const insert = store.sqlite.prepare(`INSERT INTO tokens (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
  store.sqlite.exec('BEGIN');
  for (let i = 0; i < count; i++) {
    const token = generateToken();
    if (i % Math.floor(count / 1000) === 0 && sample.length < 1000) sample.push(token);
    insert.run(tokenRow(tokenRecord(token, 'ubench', 'orgbench', now), tokenDigest(token)));
  }
  store.sqlite.exec('COMMIT');
  log(`inserted ${count.toLocaleString('en')} tokens in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { store, sample };
}

function verifierFor(store: SqlStore) {
  const metrics = new Metrics();
  const cache = new VerificationCache();
  const lastUse = new LastUseBuffer(store);
  const verifier = new TokenVerifier(store, cache, lastUse, new FailedAuthLimiter(0), systemClock, metrics);
  return { verifier, cache, lastUse };
}

async function inProcessFigures(): Promise<{ verifyOverSha256: number; verify1mOver1k: number; lookup1mOver1k: number }> {
  const small = await databaseWithTokens(1_000);
  const large = await databaseWithTokens(1_000_000);

  // 3. one cached token: verification vs plain SHA-256
  const { verifier } = verifierFor(small.store);
  const token = small.sample[0];
  const facts = { authorization: `aivenv1 ${token}`, ip: '127.0.0.1', userAgent: 'curl/8.5.0' };
  const first = await verifier.authenticate(facts);
  if (!first.ok) throw new Error(`bench token did not verify: ${first.reason}`);
  collectGarbage();
  // the very hash verification computes (tokenDigest: one-shot SHA-256, base64url), so the ratio is the
  // cost of everything else
  const shaVsVerify = interleaved(
    'verify_over_sha256',
    ['sha256', () => tokenDigest(token)],
    [
      'verify',
      () => {
        const result = verifier.authenticate(facts);
        if (result instanceof Promise || !result.ok) throw new Error('expected a cached verification');
      },
    ],
  );
  const verifyOverSha256 = shaVsVerify.ratio;
  log(
    `verify_over_sha256 = ${round(verifyOverSha256)} (median of ${IN_PROCESS_ROUNDS} paired rounds; best rounds: ` +
      `${Math.round(shaVsVerify.bestB)} verifications, ${Math.round(shaVsVerify.bestA)} SHA-256 per CPU-second)`,
  );

  // 4. 1,000 cached tokens, database of 1M vs 1k; and the uncached path (database lookup each time)
  // One verifier per database, its 1,000 tokens cached (a lookup each) before the rounds, which take
  // seconds, well within the cache's age limit. The two caches are filled in turn, a token of one then
  // a token of the other, so their objects lie alike in the heap: filled one after the other, the
  // first-filled was the slower in the median round even when both databases held 1,000 tokens
  // (Node 24: 522k vs 772k and 650k vs 800k a CPU-second; filled in turn, 912k vs 921k).
  const cachedVerifications = async (...sets: { store: SqlStore; sample: string[] }[]) => {
    const prepared = sets.map(({ store, sample }) => ({
      verifier: verifierFor(store).verifier,
      all: sample.map((t) => ({ authorization: `aivenv1 ${t}`, ip: '127.0.0.1', userAgent: 'curl/8.5.0' })),
    }));
    for (let i = 0; i < 1000; i++) {
      for (const { verifier, all } of prepared) if (!(await verifier.authenticate(all[i])).ok) throw new Error('sample token did not verify');
    }
    return prepared.map(({ verifier, all }) => (i: number) => {
      const result = verifier.authenticate(all[i % all.length]);
      if (result instanceof Promise || !result.ok) throw new Error('expected a cached verification');
    });
  };
  // The uncached path: one pass over a database's 1,000 sample tokens with nothing cached (every
  // verification a lookup by digest), as a rate per CPU-second.
  const uncachedPass = (store: SqlStore, sample: string[]) => {
    const { verifier, cache } = verifierFor(store);
    const all = sample.map((t) => ({ authorization: `aivenv1 ${t}`, ip: '127.0.0.1', userAgent: 'curl/8.5.0' }));
    return async () => {
      const cpuStart = process.cpuUsage(); // SQLite runs in this thread: its work is counted too
      for (const f of all) {
        cache.invalidate([]); // bump the generation: nothing is cached, every verification asks the database
        const result = await verifier.authenticate(f);
        if (!result.ok) throw new Error('sample token did not verify');
        cache.delete(tokenPrefixOf(f.authorization.slice(8)));
      }
      const cpu = process.cpuUsage(cpuStart);
      return all.length / ((cpu.user + cpu.system) / 1e6);
    };
  };
  const [with1k, with1m] = await cachedVerifications(small, large);
  collectGarbage();
  const cached = interleaved('verify_1m_over_1k', ['1k', with1k], ['1M', with1m]);
  const verify1mOver1k = cached.ratio;
  log(
    `verify_1m_over_1k = ${round(verify1mOver1k)} (cached, median of ${IN_PROCESS_ROUNDS} paired rounds; best rounds per CPU-second: ` +
      `${Math.round(cached.bestB)} with 1M tokens, ${Math.round(cached.bestA)} with 1k)`,
  );
  const uncached = await interleavedPasses('lookup_1m_over_1k', ['1k', uncachedPass(small.store, small.sample)], ['1M', uncachedPass(large.store, large.sample)]);
  const lookup1mOver1k = uncached.ratio;
  log(
    `lookup_1m_over_1k = ${round(lookup1mOver1k)} (uncached, one database lookup each, median of ${IN_PROCESS_ROUNDS} paired passes; ` +
      `best passes per CPU-second: ${Math.round(uncached.bestB)} with 1M, ${Math.round(uncached.bestA)} with 1k)`,
  );
  await small.store.close();
  await large.store.close();
  return { verifyOverSha256, verify1mOver1k, lookup1mOver1k };
}

const onlyInProcess = process.env.BENCH_ONLY === 'in-process';
const onlyHttp = process.env.BENCH_ONLY === 'http';
if (!onlyInProcess && !onlyHttp && process.env.BENCH_ONLY) throw new Error(`BENCH_ONLY must be in-process, http or unset, not ${JSON.stringify(process.env.BENCH_ONLY)}`);
if (!onlyInProcess) {
  log(
    wrk
      ? `load generator: ${wrk}`
      : 'load generator: node (bench/auth-load.ts), which saturates before the server does; install wrk (Debian: apt-get install wrk) for server-bound figures',
  );
}
try {
  const http = onlyInProcess ? undefined : await httpFigures();
  const local = onlyHttp ? undefined : await inProcessFigures();
  log(
    JSON.stringify({
      node: process.versions.node,
      ...(http && {
        load_generator: generatorName,
        auth_over_unauth_rps: round(http.authOverUnauth),
        auth_over_unauth_rps_cpu: round(http.authOverUnauthCpu),
        introspect_rps: Math.round(http.introspectRps),
        me_p99_ms: round(http.meP99Ms, 2),
        db_writes_per_10k: http.writesPer10k,
      }),
      ...(local && {
        verify_over_sha256: round(local.verifyOverSha256),
        verify_1m_over_1k: round(local.verify1mOver1k),
        lookup_1m_over_1k: round(local.lookup1mOver1k),
      }),
    }),
  );
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
