// Soak and overload against a real `tessera serve` on loopback, bounded in time and count:
//   0. warm-up, not measured: `warmupSeconds` of the load of phase 1, then every token used once (the
//      verification cache holds the working set; why: at the warm-up below);
//   1. `connections` keep-alive connections for `seconds`: 90 % authenticated reads with `tokens`
//      distinct tokens, 10 % writes (create a token, revoke it, rename the organization) with the admin
//      token; the server's RSS is sampled every second;
//   2. a burst of `burstRequests` requests carrying random well-formed but unknown tokens, from
//      `burstAddresses` client addresses (X-Forwarded-For, TESSERA_TRUST_PROXY=127.0.0.1).
// Figures: soak_error_rate (non-2xx or failed requests in phase 1; target 0), soak_p99_ms,
// rss_growth_last_half_pct (target ≤ 10: RSS right after the major collections of phase 1, from
// /metrics, the lowest of its second half against the lowest of its first; phase 1 runs on up to
// `maxSeconds` until there were four; with two or three, the last against the first; with fewer, RSS
// at the end against the middle, rss_growth_sampled_pct, which swings with garbage),
// unknown_token_db_lookups (database lookups for unknown tokens in the burst: at most the
// failed-authentication limit per address and window — the limiter's rule: the burst's addresses never
// had a token accepted, so they get no lookups once theirs are spent), burst_server_errors.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { generateToken } from '../../../src/domain/token-format.js';
import { startTessera } from '../../support/tessera.js';

/** Major collections phase 1 waits for (up to maxSeconds): two floors in each half. */
const FLOORS_WANTED = 4;

export interface SoakOptions {
  seconds: number;
  /** Phase 1 runs on past `seconds`, up to this, until the server saw four major collections (default `seconds`). */
  maxSeconds?: number;
  connections: number;
  tokens: number;
  burstRequests: number;
  burstAddresses: number;
  /** Seconds of the load of phase 1 before it, not measured; then every token is used once (default 0). */
  warmupSeconds?: number;
  /** NODE_OPTIONS for the server only (e.g. V8 heap flags to compare). */
  serverNodeOptions?: string;
  /** Failed authentications per address per minute (TESSERA_AUTH_FAILURE_LIMIT). */
  authFailureLimit?: number;
  log?: (line: string) => void;
}

export interface SoakFigures {
  soak_requests: number;
  soak_error_rate: number;
  soak_p99_ms: number;
  /** Error answers by status, failed requests by error code. */
  soak_errors_by_kind: Record<string, number>;
  /** The slowest connection's first answer in phase 1. */
  first_answer_ms_max: number;
  /**
   * RSS growth once warm: the server's RSS right after the major collections of phase 1
   * (process_resident_memory_after_major_gc_bytes), the lowest after those of its second half against
   * the lowest after those of its first half (two or three: the last against the first), when phase 1
   * saw at least two; else the sampled figure (rss_growth_basis says which).
   */
  rss_growth_last_half_pct: number;
  rss_growth_basis: 'after_major_gc' | 'sampled';
  /** RSS sampled at the end of phase 1 against its middle: swings with where a major collection falls. */
  rss_growth_sampled_pct: number;
  /** The V8 heap in use right after the last major collection of phase 1 against after the first. */
  heap_after_major_gc_growth_pct: number;
  /** Major collections in phase 1, and the RSS and heap right after each one read (MB). */
  major_gcs_measured: number;
  rss_mb_after_major_gcs: number[];
  heap_mb_after_major_gcs: number[];
  /** Phase 1's length (it runs on, up to maxSeconds, until four major collections happened). */
  soak_seconds: number;
  /** The warm-up before phase 1 (not measured) and its failed requests (target 0 too). */
  warmup_seconds: number;
  warmup_errors: number;
  rss_mb_end: number;
  /** The heap's lowest sample in the last quarter of phase 1 against the second quarter's (live memory). */
  heap_floor_growth_last_half_pct: number;
  /** The load generator's own event-loop delay (a starved client, not a slow server). */
  client_loop_delay_max_ms: number;
  unknown_token_db_lookups: number;
  /** addresses × limit × windows: what the limiter allows (one window unless the burst outlasts a minute). */
  unknown_token_db_lookups_bound: number;
  /** addresses × limit: the issue's target, for a burst within one window. */
  unknown_token_db_lookups_before_limiting: number;
  burst_seconds: number;
  /** The limiter's one-minute windows an address's burst can span: floor(burst_seconds / 60) + 1. */
  burst_windows: number;
  burst_requests: number;
  burst_server_errors: number;
  burst_statuses: Record<string, number>;
  errors_sample: string[];
}

export async function runSoak(options: SoakOptions): Promise<SoakFigures> {
  const log = options.log ?? (() => {});
  const limit = options.authFailureLimit ?? 30;
  const tessera = await startTessera({
    env: {
      TESSERA_TRUST_PROXY: '127.0.0.1', TESSERA_AUTH_FAILURE_LIMIT: String(limit), TESSERA_LOG_LEVEL: 'warn',
      ...(options.serverNodeOptions ? { NODE_OPTIONS: options.serverNodeOptions } : {}),
    },
  });
  const connectMs: number[] = [];
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const url = new URL(tessera.url);
  const send = (method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; body: any }>((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = http.request(
        {
          agent, host: url.hostname, port: url.port, path, method,
          headers: { authorization: `aivenv1 ${token}`, ...(payload ? { 'content-type': 'application/json' } : {}), ...headers },
          timeout: 30_000,
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c) => (text += c));
          res.on('end', () => {
            let parsed: unknown;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              parsed = text;
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
          res.on('error', reject);
        },
      );
      // how long new connections take to be established (a server slow to accept shows here)
      const asked = performance.now();
      req.on('socket', (socket) => {
        if (socket.connecting) socket.once('connect', () => connectMs.push(performance.now() - asked));
      });
      req.on('timeout', () => req.destroy(new Error('request timed out after 30 s')));
      req.on('error', reject);
      req.end(payload);
    });
  const admin = tessera.adminToken;
  const ok = (r: { status: number; body: any }, what: string) => {
    if (r.status < 200 || r.status > 299) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };

  try {
    // set-up: one organization, users, `tokens` tokens (through the API, `connections` at a time)
    const org = ok(await send('POST', '/v1/organizations', admin, { organization_name: 'soak' }), 'create organization').organization_id as string;
    const users: string[] = [];
    for (let i = 0; i < 10; i++) users.push(ok(await send('POST', `/v1/organization/${org}/application-users`, admin, { name: `soak-${i}` }), 'create user').user_id);
    const tokens: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(options.connections, 64) }, async () => {
        while (next < options.tokens) {
          const user = users[next++ % users.length];
          const created = ok(await send('POST', `/v1/organization/${org}/application-users/${user}/access-tokens`, admin, { description: 'soak', max_age_seconds: 0 }), 'create token');
          tokens.push(created.full_token);
        }
      }),
    );
    log(`set up ${tokens.length} tokens`);

    // Every connection is opened before the clock starts, while the server is idle. Opened under full
    // load, new connections waited seconds to be accepted (up to 22 s for a first answer, some past the
    // 30 s timeout: the soak's old ~1 % errors): a saturated Node server accepts slowly — a plain
    // http.createServer doing 1 ms of work per request shows the same — so phase 1 measures serving,
    // not connection set-up under overload.
    await Promise.all(Array.from({ length: options.connections }, () => send('GET', '/healthz', admin)));
    const latencies: number[] = [];
    const byKind: Record<string, number[]> = { read: [], token_write: [], rename: [] };
    let errors = 0;
    const errorsSample: string[] = [];
    const errorKinds: Record<string, number> = {};
    let warmupErrors = 0;
    const scratchUser = users[0];
    // measured: false while warming up (errors still count, in warmup_errors; latencies do not)
    const oneRequest = async (measured: boolean): Promise<void> => {
      const started = performance.now();
      const roll = Math.random();
      let result: { status: number; body: any };
      const kind = roll < 0.9 ? 'read' : roll < 0.95 ? 'token_write' : 'rename';
      if (roll < 0.9) {
        result = await send('GET', '/v1/me', tokens[Math.floor(Math.random() * tokens.length)]);
      } else if (roll < 0.95) {
        const tokensPath = `/v1/organization/${org}/application-users/${scratchUser}/access-tokens`;
        result = await send('POST', tokensPath, admin, { description: 'soak write' });
        if (result.status === 200) result = await send('DELETE', `${tokensPath}/${encodeURIComponent(result.body.token_prefix)}`, admin);
      } else {
        result = await send('PATCH', `/v1/organization/${org}`, admin, { name: `soak-${Math.floor(Math.random() * 1000)}` });
      }
      if (measured) {
        latencies.push(performance.now() - started);
        byKind[kind].push(performance.now() - started);
      }
      if (result.status < 200 || result.status > 299) {
        if (measured) errors++;
        else warmupErrors++;
        errorKinds[result.status] = (errorKinds[result.status] ?? 0) + 1;
        if (errorsSample.length < 10) errorsSample.push(`${result.status} ${JSON.stringify(result.body).slice(0, 200)}`);
      }
    };

    // Warm-up, not measured: memory is measured once warm. Measured from a cold start, the verification
    // cache filled during phase 1 (reads at random over 10,000 tokens held them all only after about 40 s:
    // coupon collector) and the V8 old space grew with it (75 → 120 MB heap), so the second half of a
    // 60 s run measured the filling or not depending on the machine's speed (RSS growth -0.5 % in one run,
    // 35.8 % and 36.9 % in others on the same code). So the load of phase 1 runs first for `warmupSeconds`
    // (the cache fills at random times, as in production, so the re-reads of entries a minute old are
    // spread too, and V8 grows its heap and collects its old generation at least once), then every token
    // is used once (the few the random reads missed are loaded: the cache holds the whole working set).
    const warmupDeadline = Date.now() + (options.warmupSeconds ?? 0) * 1000;
    await Promise.all(
      Array.from({ length: options.connections }, async () => {
        while (Date.now() < warmupDeadline) {
          await oneRequest(false).catch((error) => {
            warmupErrors++;
            if (errorsSample.length < 10) errorsSample.push(`warm-up ${String(error)}`);
          });
        }
      }),
    );
    let nextToken = 0;
    await Promise.all(
      Array.from({ length: options.connections }, async () => {
        while (nextToken < tokens.length) {
          const r = await send('GET', '/v1/me', tokens[nextToken++]).catch((error) => ({ status: 0, body: String(error) }));
          if (r.status !== 200) {
            warmupErrors++;
            if (errorsSample.length < 10) errorsSample.push(`warm-up ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
          }
        }
      }),
    );
    log(`warmed up: ${options.warmupSeconds ?? 0} s of the load of phase 1, then every token used once; ${warmupErrors} errors`);

    // phase 1: reads and writes on keep-alive connections, RSS sampled every second, and the server's
    // memory right after each major collection read from /metrics (the gauge of a collection is read
    // until the next one: its RSS is the lowest in the half second after it)
    const rss: number[] = [];
    const heap: number[] = [];
    const gcAtStart = (await memoryMetrics(tessera.url)).majors;
    const afterGc = new Map<number, { rss: number; heap: number }>();
    const recordFloors = (m: MemoryMetrics) => {
      if (m.majors <= gcAtStart) return;
      // the gauge of one collection only goes down (a late answer carries an older, higher reading)
      const known = afterGc.get(m.majors);
      afterGc.set(m.majors, { rss: Math.min(known?.rss ?? Infinity, m.rssAfterMajor), heap: m.heapAfterMajor });
    };
    const sampler = setInterval(() => {
      rss.push(rssOf(tessera.process.pid!));
      void memoryMetrics(tessera.url).then((m) => {
        heap.push(m.heapUsed);
        recordFloors(m);
      }, () => {});
    }, 1000);
    // the load generator's own event loop: a delay here is the client's, not the server's
    const clientLoop = monitorEventLoopDelay({ resolution: 20 });
    clientLoop.enable();
    // when each connection got its first answer (a connection starved from the start shows here)
    const firstAnswerMs: number[] = [];
    const phaseStart = performance.now();
    connectMs.length = 0; // phase 1's connections only
    const startedAt = Date.now();
    const deadline = startedAt + options.seconds * 1000;
    const lastDeadline = startedAt + Math.max(options.seconds, options.maxSeconds ?? options.seconds) * 1000;
    // Runs on past `seconds` (bounded) until four major collections give two floors to a half: a single
    // floor carries about ±10 % (V8 keeps some freed pages; 183 → 184 → 202 MB in one run, whose last
    // against first was 10.4 % with the heap flat), the lowest of two much less.
    const running = () => Date.now() < deadline || (afterGc.size < FLOORS_WANTED && Date.now() < lastDeadline);
    await Promise.all(
      Array.from({ length: options.connections }, async () => {
        let first = true;
        while (running()) {
          try {
            await oneRequest(true);
          } catch (error) {
            errors++;
            latencies.push(30_000);
            const kind = (error as NodeJS.ErrnoException).code ?? String(error).slice(0, 60);
            errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
            if (errorsSample.length < 10) errorsSample.push(String(error));
          }
          if (first) firstAnswerMs.push(performance.now() - phaseStart);
          first = false;
        }
      }),
    );
    firstAnswerMs.sort((a, b) => a - b);
    clearInterval(sampler);
    clientLoop.disable();
    rss.push(rssOf(tessera.process.pid!));
    const soakSeconds = (Date.now() - startedAt) / 1000;
    // the last collection's RSS is settled half a second after it
    await new Promise((resolve) => setTimeout(resolve, 600));
    recordFloors(await memoryMetrics(tessera.url));
    const floors = [...afterGc.entries()].sort(([a], [b]) => a - b).map(([, floor]) => floor);
    const majorsMeasured = floors.length === 0 ? 0 : [...afterGc.keys()].reduce((a, b) => Math.max(a, b)) - gcAtStart;
    // The floors themselves vary from one collection to the next (RSS 180-202 MB over 7 in one run, the
    // heap's 47-53 MB: V8 keeps some freed pages), so with more than two the lowest of the first half of
    // the collections is compared with the lowest of the second half (an odd one in the middle left
    // out): growth raises every floor, the pages V8 happens to keep do not. With two: first and last.
    const half = Math.floor(floors.length / 2);
    const lowest = (from: typeof floors, key: 'rss' | 'heap') => Math.min(...from.map((f) => f[key]));
    const floorGrowth = (key: 'rss' | 'heap') => pct(lowest(floors.slice(0, half), key), lowest(floors.slice(-half), key));
    const pct = (from: number, to: number) => (from ? Math.round(((to - from) / from) * 1000) / 10 : 0);
    const sorted = latencies.sort((a, b) => a - b);
    const p99 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0;
    const middle = rss[Math.floor(rss.length / 2)] ?? 0;
    const end = rss.at(-1) ?? 0;
    log(`phase 1: ${soakSeconds.toFixed(0)} s, ${latencies.length} requests, ${errors} errors, p99 ${p99.toFixed(1)} ms, RSS sampled ${mb(rss[0])} → ${mb(middle)} → ${mb(end)} MB`);
    log(`heap in use sampled: max ${mb(Math.max(...heap))} MB; major collections in phase 1: ${majorsMeasured}; right after them RSS ${floors.map((f) => mb(f.rss)).join(' → ')} MB, heap ${floors.map((f) => mb(f.heap)).join(' → ')} MB`);
    const p99Of = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length * 0.99)] ?? 0;
    // garbage comes and goes; what the heap keeps shows in its lowest samples (after collections)
    const quarter = Math.floor(heap.length / 4);
    const floorOf = (values: number[]) => Math.min(...values);
    const heapFloorGrowth = quarter > 0 ? (floorOf(heap.slice(-quarter)) - floorOf(heap.slice(quarter, 2 * quarter))) / floorOf(heap.slice(quarter, 2 * quarter)) : 0;
    log(`heap in use: second quarter low ${mb(floorOf(heap.slice(quarter, 2 * quarter)))} MB, last quarter low ${mb(floorOf(heap.slice(-quarter)))} MB; client event loop delay p99 ${Math.round(clientLoop.percentile(99) / 1e6)} ms, max ${Math.round(clientLoop.max / 1e6)} ms`);
    connectMs.sort((a, b) => a - b);
    log(`connections opened: ${connectMs.length}, connect p50 ${Math.round(connectMs[Math.floor(connectMs.length / 2)] ?? 0)} ms, max ${Math.round(connectMs.at(-1) ?? 0)} ms`);
    log(`first answer per connection: p50 ${Math.round(firstAnswerMs[Math.floor(firstAnswerMs.length / 2)] ?? 0)} ms, max ${Math.round(firstAnswerMs.at(-1) ?? 0)} ms; errors by kind ${JSON.stringify(errorKinds)}`);
    log(`p99 by kind: ${Object.entries(byKind).map(([k, v]) => `${k} ${p99Of(v).toFixed(0)} ms (${v.length})`).join(', ')}`);
    if (errors > 0) {
      const warnings = tessera.output().split('\n').filter((line) => /"level":(40|50|60)/.test(line));
      log(`server warnings and errors (${warnings.length}, last 10):\n${warnings.slice(-10).join('\n')}`);
    }

    // phase 2: a burst of unknown (random, well-formed) tokens from many addresses
    const before = await unknownLookups(tessera.url);
    const burstStart = Date.now();
    const statuses: Record<string, number> = {};
    let burstSent = 0;
    let burstServerErrors = 0;
    await Promise.all(
      Array.from({ length: options.connections }, async () => {
        while (burstSent < options.burstRequests) {
          const n = burstSent++;
          const address = `10.${(n % options.burstAddresses) >> 16 & 255}.${((n % options.burstAddresses) >> 8) & 255}.${(n % options.burstAddresses) & 255}`;
          try {
            const r = await send('GET', '/v1/me', generateToken(), undefined, { 'x-forwarded-for': address });
            statuses[r.status] = (statuses[r.status] ?? 0) + 1;
            if (r.status >= 500) burstServerErrors++;
          } catch (error) {
            burstServerErrors++;
            statuses.failed = (statuses.failed ?? 0) + 1;
          }
        }
      }),
    );
    const burstSeconds = (Date.now() - burstStart) / 1000;
    const lookups = (await unknownLookups(tessera.url)) - before;
    // each address's window starts at its first lookup and lasts a minute (TESSERA_AUTH_FAILURE_LIMIT)
    const burstWindows = Math.floor(burstSeconds / 60) + 1;
    log(`burst: ${options.burstRequests} requests from ${options.burstAddresses} addresses in ${burstSeconds.toFixed(1)} s: ${JSON.stringify(statuses)}, ${lookups} database lookups (bound ${options.burstAddresses} × ${limit} × ${burstWindows} window(s))`);

    return {
      soak_requests: latencies.length,
      soak_error_rate: latencies.length ? errors / latencies.length : 1,
      soak_p99_ms: Math.round(p99 * 10) / 10,
      soak_errors_by_kind: errorKinds,
      first_answer_ms_max: Math.round(firstAnswerMs.at(-1) ?? 0),
      rss_growth_last_half_pct: floors.length >= 2 ? floorGrowth('rss') : pct(middle, end),
      rss_growth_basis: floors.length >= 2 ? 'after_major_gc' : 'sampled',
      rss_growth_sampled_pct: pct(middle, end),
      heap_after_major_gc_growth_pct: floors.length >= 2 ? floorGrowth('heap') : 0,
      major_gcs_measured: majorsMeasured,
      rss_mb_after_major_gcs: floors.map((f) => mb(f.rss)),
      heap_mb_after_major_gcs: floors.map((f) => mb(f.heap)),
      soak_seconds: Math.round(soakSeconds),
      rss_mb_end: mb(end),
      warmup_seconds: options.warmupSeconds ?? 0,
      warmup_errors: warmupErrors,
      heap_floor_growth_last_half_pct: Math.round(heapFloorGrowth * 1000) / 10,
      client_loop_delay_max_ms: Math.round(clientLoop.max / 1e6),
      unknown_token_db_lookups: lookups,
      // the limiter's rule (README, Security notes): an address no token was accepted from gets `limit`
      // lookups of never-seen tokens a window (counted as they start), then 429 without lookups until
      // its window ends; a burst longer than a window (a loaded machine) may start a second one
      unknown_token_db_lookups_bound: options.burstAddresses * limit * burstWindows,
      unknown_token_db_lookups_before_limiting: options.burstAddresses * limit,
      burst_seconds: Math.round(burstSeconds * 10) / 10,
      burst_windows: burstWindows,
      burst_requests: options.burstRequests,
      burst_server_errors: burstServerErrors,
      burst_statuses: statuses,
      errors_sample: errorsSample,
    };
  } finally {
    agent.destroy();
    await tessera.stop().catch(() => tessera.kill('SIGKILL'));
  }
}

function rssOf(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

const mb = (bytes: number | undefined) => Math.round((bytes ?? 0) / 1024 / 1024);

async function unknownLookups(base: string): Promise<number> {
  return metricValue(base, 'tessera_token_database_lookups_total{result="unknown"}');
}

async function metricValue(base: string, series: string): Promise<number> {
  return valueIn(await (await fetch(`${base}/metrics`)).text(), series);
}

function valueIn(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  if (line === undefined) throw new Error(`/metrics has no ${series}`);
  return Number(line.slice(series.length + 1));
}

interface MemoryMetrics {
  heapUsed: number;
  majors: number;
  heapAfterMajor: number;
  rssAfterMajor: number;
}

async function memoryMetrics(base: string): Promise<MemoryMetrics> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return {
    heapUsed: valueIn(text, 'nodejs_heap_size_used_bytes'),
    majors: valueIn(text, 'nodejs_gc_major_total'),
    heapAfterMajor: valueIn(text, 'nodejs_heap_used_after_major_gc_bytes'),
    rssAfterMajor: valueIn(text, 'process_resident_memory_after_major_gc_bytes'),
  };
}
