// `tessera serve`: open and migrate the database, make sure there is an instance admin, listen, and
// shut down cleanly on SIGTERM/SIGINT (stop accepting, finish requests, flush last-use writes, give
// stdout at most LOG_DRAIN_MS to take the last log lines, exit 0: a stdout nobody reads never holds
// the process, see log-output.ts). With TLS files, serve HTTPS and re-read them on SIGHUP.
import type { Server as TlsServer } from 'node:tls';
import { systemClock } from '../domain/clock.js';
import { openStore, redactUrl } from '../store/open-store.js';
import { buildApp } from './app.js';
import { ensureInstanceAdmin } from './bootstrap.js';
import { createLogger } from './logger.js';
import { LOG_DRAIN_MS, LogOutput } from './log-output.js';
import { trustedProxies } from './trusted-proxies.js';
import { isLoopbackHost, readTlsFiles, type TlsFiles } from './tls-files.js';

export interface ServeOptions {
  host: string;
  port: number;
  database: string;
  bootstrapToken?: string;
  defaultMaxAgeSeconds: number;
  authFailureLimit: number;
  trustProxy: boolean | string;
  logLevel: string;
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  idleTimeoutMs?: number;
  /** How often pending last-use records are written (ms). */
  lastUseFlushIntervalMs?: number;
  /** Upper bound of the verification cache and pending last-use records. */
  cacheMaxEntries?: number;
  /** PEM certificate and key: serve HTTPS (re-read on SIGHUP). */
  tls?: TlsFiles;
  /** TESSERA_AUDIT_RETENTION_DAYS (0 = keep forever). */
  auditRetentionDays?: number;
}

export async function serve(options: ServeOptions): Promise<void> {
  trustedProxies(options.trustProxy); // refuse a bad setting before touching the database
  const output = logOutput();
  const logger = createLogger(options.logLevel, output);
  // Read the certificate before touching the database: a wrong path is a quick, clear failure.
  const tlsMaterial = options.tls ? readTlsFiles(options.tls) : undefined;
  const store = await openStore(options.database, { log: logger });
  await store.migrate();
  const { invalidation } = store;
  const tessera = await buildApp({
    store,
    logger,
    invalidation,
    defaultMaxAgeSeconds: options.defaultMaxAgeSeconds,
    authFailureLimit: options.authFailureLimit,
    trustProxy: options.trustProxy,
    lastUseFlushIntervalMs: options.lastUseFlushIntervalMs,
    headersTimeoutMs: options.headersTimeoutMs,
    requestTimeoutMs: options.requestTimeoutMs,
    idleTimeoutMs: options.idleTimeoutMs,
    https: tlsMaterial,
    cacheMaxEntries: options.cacheMaxEntries,
    auditRetentionDays: options.auditRetentionDays,
    logOutput: output,
  });
  // after building the app, so that a rotation of the admin token is in the audit log as well
  const generated = await ensureInstanceAdmin(store, systemClock, options.bootstrapToken, invalidation);
  const address = await tessera.app.listen({ host: options.host, port: options.port });
  const addressInfo = tessera.app.server.address();
  const port = typeof addressInfo === 'object' && addressInfo ? addressInfo.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `${tlsMaterial ? 'https' : 'http'}://${host}:${port}`;
  if (generated) {
    // Shown once, on the terminal (stderr), never through the logger.
    process.stderr.write(
      `\nInstance admin token (shown only this once; store it safely):\n\n  ${generated}\n\n` +
        `Use it as: curl -H 'Authorization: aivenv1 <token>' ${url}/v1/me\n\n`,
    );
  }
  // Lifecycle lines are written whatever the log level: tools wait for "tessera listening".
  const lifecycle = logger.isLevelEnabled('info') ? logger : logger.child({}, { level: 'info' });
  if (!tlsMaterial && !isLoopbackHost(options.host)) {
    lifecycle.warn(
      { host: options.host },
      'serving plain HTTP on a non-loopback address: tokens cross the network unencrypted; use --tls-cert/--tls-key or a TLS-terminating proxy',
    );
  }
  // Which Node and which driver serve (SQLite's driver depends on the Node line: src/store/sqlite.ts).
  const driver = (store as { driver?: string }).driver ?? 'pg';
  lifecycle.info({ url, address, database: redactUrl(options.database), driver, node: process.versions.node }, 'tessera listening');

  if (options.tls) {
    const files = options.tls;
    process.on('SIGHUP', () => {
      try {
        (tessera.app.server as unknown as TlsServer).setSecureContext(readTlsFiles(files));
        lifecycle.info({ cert: files.certFile }, 'tls certificate reloaded');
      } catch (error) {
        lifecycle.error({ err: error }, 'tls certificate reload failed; still serving the previous one');
      }
    });
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    lifecycle.info({ signal }, 'tessera shutting down');
    tessera
      .close()
      .then(
        () => {
          lifecycle.info('tessera stopped');
          return 0;
        },
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          return 1;
        },
      )
      .then(async (code) => {
        if (!(await output.drain(LOG_DRAIN_MS)) && output.pendingLines > 0) {
          process.stderr.write(`tessera: stdout did not take the last ${output.pendingLines} log lines within ${LOG_DRAIN_MS} ms; exiting without them\n`);
        }
        process.exit(code);
      });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/**
 * stdout, through a bounded buffer written in batches (log-output.ts): a synchronous write per request
 * line was the largest single cost of a cached authenticated request in a CPU profile (~13% of the
 * server's time), and a write in libuv's thread pool (pino.destination) on a pipe nobody reads kept
 * the process from ever exiting.
 */
function logOutput(): LogOutput {
  const output = new LogOutput(process.stdout, undefined, (error) =>
    process.stderr.write(`tessera: writing the log to stdout failed (${error.message}); log lines are dropped from now on (tessera_log_lines_dropped_total)\n`),
  );
  // an uncaught exception or another exit: what is queued, if stdout takes it at once
  process.on('exit', () => output.writeQueuedAtExit());
  return output;
}
