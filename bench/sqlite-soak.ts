// The SQLite driver under load, run after run: is the server still alive and right at the end?
// Chosen because better-sqlite3 12 on Node 24 was seen to abort the server during garbage collection
// (`Assertion failed: (env) != nullptr` in Statement::~Statement) in 2 of 6 runs of a scenario that
// one green run would not have caught.
//
// Each run starts `bin/tessera serve` on a fresh SQLite file, with a small V8 young generation
// (--max-semi-space-size=1: many more collections, so many more statements are finalized during
// them), and drives the token-service scenario from several concurrent loops for a while: create a
// token, authenticate with it (the first use is a database lookup, the next ones cache hits), list,
// revoke, see the revoked token refused; a new application user every few rounds. Any status other
// than the expected one, a connection error, or a server that dies or does not exit 0 on SIGTERM
// fails the run.
//
//   node --import tsx bench/sqlite-soak.ts [runs=6] [seconds=20] [loops=8]
//   TESSERA_SQLITE_DRIVER=better-sqlite3 …   (another driver than this Node's own; see src/store/sqlite.ts)
// bin/tessera runs the first node on PATH (or TESSERA_NODE). Prints one line per run and, last, a JSON
// summary: the server's node and driver, runs, survived, requests, failures.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateToken } from '../src/domain/token-format.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [runs, seconds, loops] = [6, 20, 8].map((d, i) => Number(process.argv[2 + i] ?? d));

interface RunOutcome {
  survived: boolean;
  requests: number;
  failures: string[];
  driver: string;
  node: string;
  exit: string;
}

async function oneRun(): Promise<RunOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-soak-'));
  const admin = generateToken();
  const child = spawn(join(root, 'bin/tessera'), ['serve', '--port', '0', '--database', join(dir, 'soak.db')], {
    // no failed-authentication limit: the scenario's revoked tokens are refused on purpose, many times a minute
    env: { ...process.env, TESSERA_BOOTSTRAP_TOKEN: admin, TESSERA_LOG_LEVEL: 'warn', TESSERA_AUTH_FAILURE_LIMIT: '0', NODE_OPTIONS: '--max-semi-space-size=1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-20_000)));
  child.stderr!.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-20_000)));
  const exited = new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(String(code ?? signal))));
  let alive = true;
  void exited.then(() => (alive = false));
  try {
    const listening = await new Promise<{ url: string; driver: string; node: string } | undefined>((resolve) => {
      const timer = setInterval(() => {
        const line = output.split('\n').find((l) => l.includes('"tessera listening"'));
        if (line || !alive) {
          clearInterval(timer);
          resolve(line ? (JSON.parse(line) as { url: string; driver: string; node: string }) : undefined);
        }
      }, 50);
    });
    if (listening === undefined) {
      // it can die as early as its start-up queries (migrations, bootstrap)
      const exit = await exited;
      const failure = `the server died before listening (exit ${exit}): ${deathCause(output)}`;
      return { survived: false, requests: 0, failures: [failure], driver: process.env.TESSERA_SQLITE_DRIVER ?? '?', node: '?', exit };
    }
    const { url } = listening;
    let requests = 0;
    const failures: string[] = [];
    const call = async (token: string, method: string, path: string, expected: number, body?: unknown) => {
      requests++;
      try {
        const response = await fetch(url + path, {
          method,
          headers: { authorization: `aivenv1 ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        });
        const text = await response.text();
        if (response.status !== expected) failures.push(`${method} ${path.replace(/tsr_\w+/, 'tsr_…')}: ${response.status} (expected ${expected})`);
        return text ? JSON.parse(text) : undefined;
      } catch (err) {
        failures.push(`${method} ${path}: ${(err as Error).message}`);
        return undefined;
      }
    };
    const org = (await call(admin, 'POST', '/v1/organizations', 200, { organization_name: 'soak' }))?.organization_id as string;
    const deadline = Date.now() + seconds * 1000;
    const loop = async (n: number) => {
      for (let round = 0; Date.now() < deadline && alive && failures.length < 20; round++) {
        const user = (await call(admin, 'POST', `/v1/organization/${org}/application-users`, 200, { name: `soak-${n}-${round}` }))?.user_id;
        if (!user) continue;
        const tokens = `/v1/organization/${org}/application-users/${user}/access-tokens`;
        for (let t = 0; t < 5 && Date.now() < deadline && alive; t++) {
          const created = await call(admin, 'POST', tokens, 200, { description: `soak ${t}`, extend_when_used: t % 2 === 0 });
          if (!created) continue;
          for (let i = 0; i < 5; i++) await call(created.full_token, 'GET', '/v1/me', 200);
          await call(admin, 'GET', tokens, 200);
          await call(admin, 'DELETE', `${tokens}/${encodeURIComponent(created.token_prefix)}`, 204);
          await call(created.full_token, 'GET', '/v1/me', 401);
        }
        if (round % 3 === 2) await call(admin, 'DELETE', `/v1/organization/${org}/application-users/${user}`, 204);
      }
    };
    await Promise.all(Array.from({ length: loops }, (_, n) => loop(n)));
    const survived = alive;
    child.kill('SIGTERM');
    const exit = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('no exit within 10 s'), 10_000))]);
    if (!survived) failures.unshift(`the server died (exit ${exit}): ${deathCause(output)}`);
    else if (exit !== '0') failures.push(`exit ${exit} on SIGTERM; last output:\n${output.slice(-2000)}`);
    return { survived: survived && exit === '0', requests, failures, driver: listening.driver, node: listening.node, exit };
  } finally {
    if (alive) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The line of the server's last words that says why it died (a failed assertion, a fatal error). */
function deathCause(output: string): string {
  const lines = output.split('\n').map((l) => l.trim());
  return lines.find((l) => /Assertion failed|FATAL|Segmentation|Error:/.test(l)) ?? lines.filter(Boolean).slice(-3).join(' | ');
}

let survived = 0;
let requests = 0;
let driver = '';
let node = '';
const failures: string[] = [];
for (let i = 1; i <= runs; i++) {
  const outcome = await oneRun();
  driver = outcome.driver;
  node = outcome.node;
  requests += outcome.requests;
  if (outcome.survived && outcome.failures.length === 0) survived++;
  failures.push(...outcome.failures.slice(0, 3));
  process.stdout.write(
    `run ${i}/${runs}: node ${outcome.node}, ${outcome.driver}: ${outcome.requests} requests, ` +
      `${outcome.failures.length ? `FAILED: ${outcome.failures[0]}` : `ok (exit ${outcome.exit})`}\n`,
  );
}
process.stdout.write(`${JSON.stringify({ node, driver, runs, survived, requests, failures: failures.length })}\n`);
process.exitCode = survived === runs ? 0 : 1;
