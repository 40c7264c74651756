// A real, throwaway PostgreSQL for tests.
//
// How a test gets PostgreSQL (postgresForTests):
//   1. TESSERA_TEST_POSTGRES_URL is set (.ci/run starts a server and sets it): a fresh database is
//      created on that server for the caller and dropped afterwards;
//   2. otherwise, where the server binaries exist (PATH or /usr/lib/postgresql/*/bin), a private cluster
//      is initialised in a temporary directory (≈1 s), listening on 127.0.0.1 on a free port and on a
//      unix socket inside that directory, with fsync off (test data is disposable);
//   3. otherwise (or with TESSERA_TEST_POSTGRES=skip) the caller gets `skip`: a loud reason to pass to
//      node:test's `skip` option.
// Tests that must stop and restart the server (faults) call startPostgresCluster() directly: they need a
// server of their own, never the shared one from the environment.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export interface PostgresCluster {
  /** postgres:// URL of the cluster's default database `tessera` (TCP, 127.0.0.1). */
  url: string;
  port: number;
  /** Creates a fresh empty database on this cluster and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /**
   * Stops the server without removing its data: `fast` (default) disconnects clients and writes
   * everything out; `immediate` is a crash (recovery from the WAL on the next start).
   */
  shutdown(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts a server stopped by shutdown() again, on the same port and data. */
  start(): Promise<void>;
  /** shutdown() then start(). */
  restart(): Promise<void>;
  /** Stops the server and removes its data directory. Idempotent. */
  stop(): Promise<void>;
  /** The server's log so far (for failure messages). */
  log(): string;
  /** With `tls: true`: the CA certificate (PEM file) that signed the server's certificate. */
  caFile?: string;
}

export interface TestPostgres {
  /** URL of a database that belongs to the caller alone. */
  url: string;
  /** Where it came from, for test names and messages. */
  source: 'environment' | 'private cluster';
  /** The cluster when this process started one (undefined when the URL came from the environment). */
  cluster?: PostgresCluster;
  /** Drops the database or stops the private cluster. */
  stop(): Promise<void>;
}

const ENV_URL = 'TESSERA_TEST_POSTGRES_URL';

/** Directory holding initdb/pg_ctl/postgres, or undefined when PostgreSQL's server is not installed. */
export function findPostgresBinaries(): string | undefined {
  const candidates: string[] = [];
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir) candidates.push(dir);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    // Newest major version first.
    const versions = readdirSync(debian).sort((a, b) => Number(b) - Number(a));
    for (const version of versions) candidates.push(join(debian, version, 'bin'));
  }
  return candidates.find((dir) => ['initdb', 'pg_ctl', 'postgres'].every((exe) => existsSync(join(dir, exe))));
}

/** Why this process cannot start a private PostgreSQL cluster, or undefined when it can. */
export function privateClusterUnavailableReason(): string | undefined {
  if (process.env.TESSERA_TEST_POSTGRES === 'skip') return 'turned off with TESSERA_TEST_POSTGRES=skip';
  if (!findPostgresBinaries()) {
    return 'the PostgreSQL server is not installed (initdb/pg_ctl on PATH or in /usr/lib/postgresql/*/bin; Debian: apt-get install postgresql; .ci/run installs it)';
  }
  if (userInfo().uid === 0 && !systemUser('postgres')) {
    return 'PostgreSQL refuses to run as root and there is no `postgres` user to run it as (create one)';
  }
  return undefined;
}

/** Why PostgreSQL tests cannot run here, or undefined when they can. */
export function postgresUnavailableReason(): string | undefined {
  if (process.env[ENV_URL] && process.env.TESSERA_TEST_POSTGRES !== 'skip') return undefined;
  const reason = privateClusterUnavailableReason();
  return reason && `SKIPPED: PostgreSQL is not available: ${reason}; or set ${ENV_URL}=postgres://…`;
}

/**
 * PostgreSQL for one test file: `{ skip }` with a loud reason when there is none, otherwise a database of
 * its own. Call once per file (in a `before`), and `stop()` it in an `after`.
 */
export async function postgresForTests(): Promise<TestPostgres | { skip: string }> {
  const reason = postgresUnavailableReason();
  if (reason) {
    console.error(`\n!!! ${reason}\n`);
    return { skip: reason };
  }
  const fromEnv = process.env[ENV_URL];
  if (fromEnv) {
    const name = uniqueDatabaseName();
    await withAdminClient(fromEnv, (client) => client.query(`CREATE DATABASE ${name}`));
    return {
      url: withDatabase(fromEnv, name),
      source: 'environment',
      stop: () => dropDatabase(fromEnv, name),
    };
  }
  const cluster = await startPostgresCluster();
  const url = await cluster.createDatabase();
  return { url, source: 'private cluster', cluster, stop: () => cluster.stop() };
}

/**
 * Starts a private PostgreSQL cluster in a temporary directory. Throws when the binaries are missing.
 * `settings` are extra server settings (e.g. shared_preload_libraries for the benchmark).
 */
export async function startPostgresCluster(
  options: {
    settings?: Record<string, string>;
    tls?: boolean;
    /** Keep PostgreSQL's durability settings (fsync, synchronous commit): for crash tests. */
    durable?: boolean;
  } = {},
): Promise<PostgresCluster> {
  const bin = findPostgresBinaries();
  if (!bin) throw new Error(postgresUnavailableReason() ?? 'PostgreSQL binaries not found');
  const dir = mkdtempSync(join(tmpdir(), 'tessera-pg-'));
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  // PostgreSQL refuses to run as root: run its programs as the `postgres` system user (created by the
  // Debian package) and give it the directory.
  const runAs = userInfo().uid === 0 ? systemUser('postgres') : undefined;
  if (userInfo().uid === 0 && !runAs) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error('running as root and there is no `postgres` user to run the PostgreSQL server as');
  }
  if (runAs) chownSync(dir, runAs.uid, runAs.gid);

  const run = (exe: string, args: string[]) => runCommand(join(bin, exe), args, runAs);
  await run('initdb', [
    '-D', dataDir, '-U', 'tessera', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions',
  ]);

  // TLS: a throwaway CA and a server certificate for localhost / 127.0.0.1 (openssl), ssl=on.
  const tlsSettings: Record<string, string> = {};
  let caFile: string | undefined;
  if (options.tls) {
    caFile = join(dir, 'ca.pem');
    const openssl = (args: string[]) => {
      const result = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${result.stderr || result.error?.message}`);
    };
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=tessera test CA']);
    openssl(['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost']);
    writeFileSync(join(dir, 'san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
    openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'san.ext']);
    chmodSync(join(dir, 'server.key'), 0o600);
    if (runAs) for (const file of ['server.key', 'server.pem']) chownSync(join(dir, file), runAs.uid, runAs.gid);
    Object.assign(tlsSettings, { ssl: 'on', ssl_cert_file: join(dir, 'server.pem'), ssl_key_file: join(dir, 'server.key') });
  }

  let port = await freePort();
  const serverOptions = () =>
    [
      `-c listen_addresses=127.0.0.1`,
      `-p ${port}`,
      `-k ${dir}`,
      // Disposable data: durability settings off for speed, unless a crash test needs them.
      ...(options.durable ? [] : [`-c fsync=off`, `-c synchronous_commit=off`, `-c full_page_writes=off`]),
      `-c max_connections=200`,
      `-c shared_buffers=16MB`,
      ...Object.entries({ ...tlsSettings, ...options.settings }).map(([name, value]) => `-c ${name}=${value}`),
    ].join(' ');

  let running = false;
  const start = async () => {
    // A port taken between freePort() and the server's bind is retried with another port only before
    // the first start; restarts must keep the URL.
    for (let attempt = 0; ; attempt++) {
      try {
        await run('pg_ctl', ['-D', dataDir, '-o', serverOptions(), '-l', logFile, '-w', '-t', '30', 'start']);
        running = true;
        return;
      } catch (error) {
        if (attempt >= 3 || url !== undefined) throw new Error(`${(error as Error).message}\n${readLog()}`);
        port = await freePort();
      }
    }
  };
  const shutdown = async (mode: 'fast' | 'immediate' = 'fast') => {
    if (!running) return;
    await run('pg_ctl', ['-D', dataDir, '-m', mode, '-w', '-t', '30', 'stop']);
    running = false;
  };
  const readLog = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');

  let url: string | undefined;
  await start();
  url = `postgres://tessera@127.0.0.1:${port}/postgres`;
  const baseUrl = url;
  await withAdminClient(baseUrl, (client) => client.query('CREATE DATABASE tessera'));

  let removed = false;
  const stopSync = () => {
    // Last resort when the test process exits without calling stop(): never leave a server behind.
    if (removed) return;
    removed = true;
    if (running) {
      spawnSync(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop'], {
        stdio: 'ignore',
        ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
      });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stopSync);

  return {
    url: withDatabase(baseUrl, 'tessera'),
    port,
    createDatabase: async (name = uniqueDatabaseName()) => {
      await withAdminClient(baseUrl, (client) => client.query(`CREATE DATABASE ${name}`));
      return withDatabase(baseUrl, name);
    },
    shutdown,
    start,
    restart: async () => {
      await shutdown();
      await start();
    },
    stop: async () => {
      if (removed) return;
      try {
        await shutdown();
      } finally {
        process.removeListener('exit', stopSync);
        stopSync();
      }
    },
    log: readLog,
    caFile,
  };
}

/**
 * Creates a fresh database on the server at `serverUrl` synchronously (for synchronous test helpers such
 * as the integration suite's testDatabase()), through psql when it is installed, else a child node with pg.
 */
export function createPostgresDatabaseSync(serverUrl: string): { url: string; cleanup(): void } {
  const name = uniqueDatabaseName();
  const run = (statement: string) => {
    const psql = [findPostgresBinaries(), '/usr/bin'].map((dir) => dir && join(dir, 'psql')).find((path) => path && existsSync(path));
    const result = psql
      ? spawnSync(psql, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', serverUrl, '-c', statement], { encoding: 'utf8' })
      : spawnSync(
          process.execPath,
          ['-e', `const pg=require('pg');const c=new pg.Client({connectionString:process.argv[1]});c.connect().then(()=>c.query(process.argv[2])).then(()=>c.end(),e=>{console.error(e.message);process.exit(1)})`, serverUrl, statement],
          { encoding: 'utf8', cwd: fileURLToPath(new URL('../..', import.meta.url)) },
        );
    if (result.status !== 0) throw new Error(`${statement} on ${serverUrl} failed: ${result.stderr || result.error?.message}`);
  };
  run(`CREATE DATABASE ${name}`);
  return { url: withDatabase(serverUrl, name), cleanup: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** Runs `fn` with a short-lived client connected to `url` (as given: any database on that server). */
export async function withAdminClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** `url` with its database (path) replaced by `database`. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

function uniqueDatabaseName(): string {
  return `tessera_test_${randomBytes(6).toString('hex')}`;
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withAdminClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

function systemUser(name: string): { uid: number; gid: number } | undefined {
  const result = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  if (result.status !== 0) return undefined;
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  return { uid: Number(result.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function runCommand(exe: string, args: string[], runAs?: { uid: number; gid: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(exe, args, {
      // pg_ctl's server inherits these: never the test's stdout, or node:test's reporter gets garbage.
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
      env: { ...process.env, LC_ALL: 'C' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${exe} ${args.join(' ')} exited with ${code}:\n${output}`));
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
