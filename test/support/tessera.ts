// Starts the real `bin/tessera serve` as a child process, for tests that need the whole program
// (CLI flags, bootstrap, signals, logs). Run `npm run build` first: bin/tessera runs dist/tessera.mjs
// (`npm test` builds before testing).
//
//   const tessera = await startTessera();            // temp SQLite file, fresh bootstrap admin token
//   await fetch(`${tessera.url}/v1/me`, { headers: { authorization: `aivenv1 ${tessera.adminToken}` } });
//   await tessera.stop();                            // SIGTERM, waits for exit 0 (flushes last-use writes)
//
// `database` may be a file path, sqlite:PATH or postgres://… (then nothing is created or removed).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateToken } from '../../src/domain/token-format.js';
import { createPostgresDatabaseSync } from './postgres.js';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TESSERA_BIN = join(REPO_ROOT, 'bin', 'tessera');

export interface RunningTessera {
  url: string;
  adminToken: string;
  database: string;
  stop(): Promise<void>;
  kill(signal?: NodeJS.Signals): void;
  output(): string;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
  process: ChildProcess;
}

/** A fresh, well-formed Tessera token for TESSERA_BOOTSTRAP_TOKEN (it must pass the checksum). */
export function newBootstrapToken(): string {
  return generateToken();
}

export async function startTessera(
  opts: {
    database?: string;
    env?: Record<string, string>;
    args?: string[];
    timeoutMs?: number;
    /** Another build's bin/tessera (a copy of bin/ and dist/ under this checkout, for A/B benchmarks). */
    bin?: string;
  } = {},
): Promise<RunningTessera> {
  let tempDir: string | undefined;
  let database = opts.database;
  const testServer = process.env.TESSERA_TEST_DATABASE;
  if (database === undefined && testServer && /^postgres(ql)?:\/\//i.test(testServer)) {
    // the integration suite's PostgreSQL run: a fresh database on that server (see test/support/postgres.ts)
    database = createPostgresDatabaseSync(testServer).url;
  }
  if (database === undefined) {
    tempDir = mkdtempSync(join(tmpdir(), 'tessera-test-'));
    database = join(tempDir, 'tessera.db');
  }
  const adminToken = opts.env?.TESSERA_BOOTSTRAP_TOKEN ?? newBootstrapToken();
  const child = spawn(opts.bin ?? TESSERA_BIN, ['serve', '--host', '127.0.0.1', '--port', '0', '--database', database, ...(opts.args ?? [])], {
    cwd: REPO_ROOT,
    env: { ...process.env, TESSERA_LOG_LEVEL: 'info', ...opts.env, TESSERA_BOOTSTRAP_TOKEN: adminToken },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => {
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
      resolve(code ?? signal ?? -1);
    });
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`tessera did not start within ${opts.timeoutMs ?? 15000} ms; output:\n${output}`));
    }, opts.timeoutMs ?? 15000);
    const onData = (chunk: string) => {
      output += chunk;
      for (const line of output.split('\n')) {
        if (!line.includes('"tessera listening"')) continue;
        try {
          const parsed = JSON.parse(line) as { url?: string };
          if (parsed.url) {
            clearTimeout(timer);
            resolve(parsed.url);
            return;
          }
        } catch {
          // a partial line; wait for the rest
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: string) => {
      output += chunk;
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`tessera exited (${code}) before listening; output:\n${output}`));
    });
  });
  // keep collecting after start-up
  child.stdout!.removeAllListeners('data');
  child.stderr!.removeAllListeners('data');
  child.stdout!.on('data', (chunk: string) => (output += chunk));
  child.stderr!.on('data', (chunk: string) => (output += chunk));

  return {
    url,
    adminToken,
    database,
    process: child,
    exited,
    output: () => output,
    kill(signal: NodeJS.Signals = 'SIGKILL') {
      child.kill(signal);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      if (code !== 0) throw new Error(`tessera exited with ${code} after SIGTERM; output:\n${output}`);
    },
  };
}
