// A small HTTP load generator: keep-alive connections, each sending requests back to back, bounded by
// a request count and/or a duration. Used by bench/auth.ts (in a child process, so it does not share
// the server's event loop) where wrk is not installed, and by tests that need a burst.
import http from 'node:http';

export interface LoadOptions {
  url: string;
  headers?: Record<string, string>;
  /** GET unless given (with `body`, e.g. POST). */
  method?: string;
  body?: string;
  connections: number;
  /** Stop after this many requests in total. */
  requests?: number;
  /** Stop after this long. */
  durationMs?: number;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  statuses: Record<string, number>;
  /** Wall-clock time of the last completed request (ms since epoch). */
  lastCompletedAt: number;
  /** 99th percentile of the request latencies, ms. */
  p99Ms: number;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const target = new URL(options.url);
  const limit = options.requests ?? Number.POSITIVE_INFINITY;
  const deadline = options.durationMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.durationMs;
  if (!Number.isFinite(limit) && !Number.isFinite(deadline)) throw new Error('runLoad needs requests or durationMs');
  const statuses: Record<string, number> = {};
  let started = 0;
  let completed = 0;
  let lastCompletedAt = 0;
  const latencies: number[] = [];
  const begin = process.hrtime.bigint();

  const one = () =>
    new Promise<void>((resolve, reject) => {
      const sent = performance.now();
      const req = http.request(
        { agent, host: target.hostname, port: target.port, path: target.pathname + target.search, method: options.method ?? 'GET', headers: options.headers },
        (res) => {
          res.resume();
          res.on('end', () => {
            statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
            completed++;
            lastCompletedAt = Date.now();
            latencies.push(performance.now() - sent);
            resolve();
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(options.body);
    });

  const connection = async () => {
    while (started < limit && Date.now() < deadline) {
      started++;
      await one();
    }
  };
  await Promise.all(Array.from({ length: options.connections }, connection));
  const seconds = Number(process.hrtime.bigint() - begin) / 1e9;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const p99Ms = latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] : Number.NaN;
  return { requests: completed, seconds, rps: completed / seconds, statuses, lastCompletedAt, p99Ms };
}

// As a child process: argv[2] is the JSON LoadOptions; prints the LoadResult as one JSON line.
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const result = await runLoad(JSON.parse(process.argv[2]) as LoadOptions);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
