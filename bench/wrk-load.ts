// wrk (a C load generator; Debian package `wrk`) as bench/auth.ts's load generator where it is
// installed: a Node generator saturates before the server does (it reported ratios near 0.9 where wrk
// showed about 0.6), so figures measured with it describe the generator as much as the server.
// Same options and result shape as bench/auth-load.ts (durations only: wrk counts whole seconds).
import { execFile, spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { LoadOptions, LoadResult } from './auth-load.js';

const run = promisify(execFile);

/** wrk's version line when wrk runs here, else undefined. */
export function wrkVersion(): string | undefined {
  const probe = spawnSync('wrk', ['--version'], { encoding: 'utf8' });
  if (probe.error) return undefined; // not installed (wrk --version exits 1 even when it is)
  return probe.stdout.split('\n')[0].replace(/ Copyright.*/, '').trim() || 'wrk';
}

// A request with a body needs wrk's Lua hook: one script file per method and body, removed at exit.
const scripts = new Map<string, string>();
function luaScript(method: string, body: string): string {
  const key = `${method} ${body}`;
  let file = scripts.get(key);
  if (file === undefined) {
    file = join(tmpdir(), `tessera-wrk-${process.pid}-${scripts.size}.lua`);
    // JSON string literals are valid Lua string literals for the ASCII bodies used here
    writeFileSync(file, `wrk.method = ${JSON.stringify(method)}\nwrk.body = ${JSON.stringify(body)}\n`);
    if (scripts.size === 0) process.on('exit', () => scripts.forEach((f) => rmSync(f, { force: true })));
    scripts.set(key, file);
  }
  return file;
}

const UNITS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

/** Runs wrk with one thread (the server has the other core) and reads its summary. */
export async function runWrk(options: LoadOptions & { durationMs: number }): Promise<LoadResult> {
  const seconds = Math.max(1, Math.round(options.durationMs / 1000));
  const args = ['-t1', `-c${options.connections}`, `-d${seconds}s`, '--latency'];
  for (const [name, value] of Object.entries(options.headers ?? {})) args.push('-H', `${name}: ${value}`);
  if (options.method && options.method !== 'GET') args.push('-s', luaScript(options.method, options.body ?? ''));
  args.push(options.url);
  const { stdout } = await run('wrk', args, { timeout: (seconds + 30) * 1000 });
  const requests = Number(/(\d+) requests in ([\d.]+)(\w+)/.exec(stdout)?.[1]);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
  const p99 = /^\s*99%\s+([\d.]+)(us|ms|s|m)\s*$/m.exec(stdout);
  const errors = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0);
  const socketErrors = /Socket errors: (.*)/.exec(stdout)?.[1];
  if (!Number.isFinite(requests) || !Number.isFinite(rps)) throw new Error(`could not read wrk's output:\n${stdout}`);
  if (socketErrors) throw new Error(`wrk saw socket errors (${socketErrors}):\n${stdout}`);
  return {
    requests,
    seconds: requests / rps,
    rps,
    // wrk tells only how many answers were not 2xx/3xx, not which
    statuses: errors ? { ok: requests - errors, 'not 2xx/3xx': errors } : { ok: requests },
    lastCompletedAt: Date.now(),
    p99Ms: p99 ? Number(p99[1]) * UNITS[p99[2]] : Number.NaN,
  };
}
