// Never a hung worker (issue 12): a server whose stdout nobody reads still answers every request and
// stops on SIGTERM within seconds with exit 0 — stdout the socket `spawn` gives a child (a blocking
// fd) or a FIFO held open by a reader that never reads. The log lines that do not fit are dropped and
// counted (tessera_log_lines_dropped_total), never waited for. And in the ordinary cases (a pipe that
// is read, a file, /dev/null) every line is written, the last ones ("tessera stopped") included.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newBootstrapToken, REPO_ROOT, startTessera, TESSERA_BIN } from '../support/tessera.js';

const REQUESTS = 1500;
/** SIGTERM to exit, at most: the log's drain deadline (1 s) plus closing, with room for a busy machine. */
const STOP_WITHIN_MS = 8000;

/** `count` GET /healthz over a few keep-alive connections; the statuses seen, with how many of each. */
async function healthzMany(url: string, count: number, concurrency = 8): Promise<Record<string, number>> {
  const statuses: Record<string, number> = {};
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next++;
        const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(10_000) });
        await response.arrayBuffer();
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      }
    }),
  );
  return statuses;
}

/** SIGTERM, then the exit code (or signal) and how long it took; SIGKILL (and the code 'hung') past `withinMs`. */
async function terminate(child: ChildProcess, exited: Promise<number | string>, withinMs = STOP_WITHIN_MS): Promise<{ code: number | string; ms: number }> {
  const started = performance.now();
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([exited, new Promise<string>((resolve) => (timer = setTimeout(() => resolve('hung'), withinMs)))]);
  clearTimeout(timer);
  if (code === 'hung') child.kill('SIGKILL');
  return { code, ms: Math.round(performance.now() - started) };
}

function counter(metrics: string, name: string): number {
  return Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(metrics)?.[1] ?? Number.NaN);
}

/** A loopback port free a moment ago (for a server whose stdout cannot tell its URL). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `bin/tessera serve` with `stdout` as given (a file descriptor); ready once /healthz answers. */
async function serveWithStdout(dir: string, stdout: number): Promise<{ url: string; child: ChildProcess; exited: Promise<number | string>; stderr: () => string }> {
  const port = await freePort();
  const child = spawn(TESSERA_BIN, ['serve', '--host', '127.0.0.1', '--port', String(port), '--database', join(dir, `tessera-${port}.db`)], {
    cwd: REPO_ROOT,
    env: { ...process.env, TESSERA_LOG_LEVEL: 'info', TESSERA_BOOTSTRAP_TOKEN: newBootstrapToken() },
    stdio: ['ignore', stdout, 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`tessera exited (${child.exitCode}) before answering; stderr:\n${stderr}`);
    try {
      if ((await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) })).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`tessera did not answer within 15 s; stderr:\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, child, exited, stderr: () => stderr };
}

describe('a stdout nobody reads', () => {
  test(`the socket spawn gives a child: ${REQUESTS} requests answered, then SIGTERM ends it with exit 0 within seconds`, { timeout: 60_000 }, async (t) => {
    const tessera = await startTessera();
    try {
      // from here on nothing reads the child's stdout: the socket's buffer fills, writes would block
      tessera.process.stdout!.removeAllListeners('data');
      tessera.process.stdout!.pause();
      assert.deepEqual(await healthzMany(tessera.url, REQUESTS), { 200: REQUESTS });
      // the stall is real: lines wait for a reader (a machine with a larger socket buffer gets more requests)
      let metrics = await (await fetch(`${tessera.url}/metrics`)).text();
      for (let more = 0; counter(metrics, 'tessera_log_lines_pending') === 0 && more < 10; more++) {
        assert.deepEqual(await healthzMany(tessera.url, REQUESTS), { 200: REQUESTS });
        metrics = await (await fetch(`${tessera.url}/metrics`)).text();
      }
      assert.ok(counter(metrics, 'tessera_log_lines_pending') > 0, 'log lines wait for stdout');
      assert.equal(counter(metrics, 'tessera_log_lines_dropped_total'), 0, 'far below the bound, no line is dropped');
      const { code, ms } = await terminate(tessera.process, tessera.exited);
      assert.equal(code, 0, `exit code after SIGTERM (${ms} ms); stderr and what was read:\n${tessera.output().slice(-2000)}`);
      assert.ok(ms < STOP_WITHIN_MS, `stopped in ${ms} ms`);
      t.diagnostic(`SIGTERM to exit: ${ms} ms, ${counter(metrics, 'tessera_log_lines_pending')} log lines waiting before it`);
      assert.match(tessera.output(), /stdout did not take the last \d+ log lines within 1000 ms/, 'the lines left unwritten are told on stderr');
    } finally {
      tessera.kill('SIGKILL');
    }
  });

  describe('a FIFO whose reader never reads', () => {
    let dir: string;
    let reader: ChildProcess | undefined;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'tessera-stalled-stdout-'));
    });
    after(() => {
      reader?.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    });

    test(`${REQUESTS} requests answered, then SIGTERM ends it with exit 0 within seconds`, { timeout: 60_000 }, async (t) => {
      const fifo = join(dir, 'stdout.fifo');
      const mkfifo = spawn('mkfifo', [fifo]);
      assert.equal(await new Promise((resolve) => mkfifo.on('exit', resolve)), 0, 'mkfifo');
      // the reader holds the FIFO open and never reads; opening for writing meets it (in the thread pool,
      // so a failed reader cannot hang this process's event loop)
      reader = spawn('sh', ['-c', `exec sleep 600 < "${fifo}"`], { stdio: 'ignore' });
      const handle = await open(fifo, 'w');
      let server: Awaited<ReturnType<typeof serveWithStdout>> | undefined;
      try {
        server = await serveWithStdout(dir, handle.fd);
        await handle.close(); // the child has its own copy
        assert.deepEqual(await healthzMany(server.url, REQUESTS), { 200: REQUESTS });
        const { code, ms } = await terminate(server.child, server.exited);
        assert.equal(code, 0, `exit code after SIGTERM (${ms} ms); stderr:\n${server.stderr()}`);
        assert.ok(ms < STOP_WITHIN_MS, `stopped in ${ms} ms`);
        t.diagnostic(`SIGTERM to exit: ${ms} ms`);
      } finally {
        server?.child.kill('SIGKILL');
        await handle.close().catch(() => undefined);
      }
    });
  });
});

describe('a stdout that is written to', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-stdout-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const requestLines = (log: string) => log.split('\n').filter((line) => line.includes('"msg":"request completed"') && line.includes('"/healthz"')).length;

  test(`a pipe that is read gets all ${REQUESTS} request lines and the last line, "tessera stopped"`, { timeout: 60_000 }, async () => {
    const tessera = await startTessera();
    try {
      assert.deepEqual(await healthzMany(tessera.url, REQUESTS), { 200: REQUESTS });
      await tessera.stop();
      const lines = tessera.output().trimEnd().split('\n');
      assert.equal(requestLines(tessera.output()), REQUESTS);
      assert.match(lines.at(-1)!, /"msg":"tessera stopped"/);
    } finally {
      tessera.kill('SIGKILL');
    }
  });

  test('a file gets every line, the last ones included', { timeout: 60_000 }, async () => {
    const file = join(dir, 'stdout.log');
    const fd = openSync(file, 'w');
    try {
      const server = await serveWithStdout(dir, fd);
      try {
        assert.deepEqual(await healthzMany(server.url, 300), { 200: 300 });
        const { code } = await terminate(server.child, server.exited);
        assert.equal(code, 0, `exit code after SIGTERM; stderr:\n${server.stderr()}`);
      } finally {
        server.child.kill('SIGKILL');
      }
    } finally {
      closeSync(fd);
    }
    const log = readFileSync(file, 'utf8');
    assert.ok(requestLines(log) >= 300, `${requestLines(log)} request lines (the readiness probes log too)`);
    assert.match(log.trimEnd().split('\n').at(-1)!, /"msg":"tessera stopped"/);
  });

  test('/dev/null: serves and stops with exit 0', { timeout: 60_000 }, async () => {
    const fd = openSync('/dev/null', 'w');
    try {
      const server = await serveWithStdout(dir, fd);
      try {
        assert.deepEqual(await healthzMany(server.url, 300), { 200: 300 });
        const { code, ms } = await terminate(server.child, server.exited);
        assert.equal(code, 0, `exit code after SIGTERM (${ms} ms); stderr:\n${server.stderr()}`);
      } finally {
        server.child.kill('SIGKILL');
      }
    } finally {
      closeSync(fd);
    }
  });
});
