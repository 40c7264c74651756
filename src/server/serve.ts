// `tessera serve`: open and migrate the database, make sure there is an instance admin, listen, and
// shut down cleanly on SIGTERM/SIGINT (stop accepting, finish requests, flush last-use writes, exit 0).
import pino from 'pino';
import { systemClock } from '../domain/clock.js';
import { openStore, redactUrl } from '../store/open-store.js';
import type { CacheInvalidation } from '../store/cache-invalidation.js';
import { buildApp } from './app.js';
import { ensureInstanceAdmin } from './bootstrap.js';

export interface ServeOptions {
  host: string;
  port: number;
  database: string;
  bootstrapToken?: string;
  defaultMaxAgeSeconds: number;
  authFailureLimit: number;
  trustProxy: boolean | string;
  logLevel: string;
  /** How often pending last-use records are written (ms). */
  lastUseFlushIntervalMs?: number;
}

export async function serve(options: ServeOptions): Promise<void> {
  const logger = pino({
    level: options.logLevel,
    // belt and braces: tokens are never logged on purpose, and headers are not logged at all
    redact: { paths: ['req.headers.authorization', 'headers.authorization', 'authorization', 'full_token', 'token'], censor: '[redacted]' },
  }, logDestination());
  const store = await openStore(options.database, { log: logger });
  await store.migrate();
  // A store that brings its own cross-node invalidation (PostgreSQL) provides it; SQLite is one node.
  const invalidation = (store as { invalidation?: CacheInvalidation }).invalidation;
  const generated = await ensureInstanceAdmin(store, systemClock, options.bootstrapToken, invalidation);
  const tessera = await buildApp({
    store,
    logger,
    invalidation,
    defaultMaxAgeSeconds: options.defaultMaxAgeSeconds,
    authFailureLimit: options.authFailureLimit,
    trustProxy: options.trustProxy,
    lastUseFlushIntervalMs: options.lastUseFlushIntervalMs,
  });
  const address = await tessera.app.listen({ host: options.host, port: options.port });
  const addressInfo = tessera.app.server.address();
  const port = typeof addressInfo === 'object' && addressInfo ? addressInfo.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}`;
  if (generated) {
    // Shown once, on the terminal (stderr), never through the logger.
    process.stderr.write(
      `\nInstance admin token (shown only this once; store it safely):\n\n  ${generated}\n\n` +
        `Use it as: curl -H 'Authorization: aivenv1 <token>' ${url}/v1/me\n\n`,
    );
  }
  // Lifecycle lines are written whatever the log level: tools wait for "tessera listening".
  const lifecycle = logger.isLevelEnabled('info') ? logger : logger.child({}, { level: 'info' });
  // Which Node and which driver serve (SQLite's driver depends on the Node line: src/store/sqlite.ts).
  const driver = (store as { driver?: string }).driver ?? 'pg';
  lifecycle.info({ url, address, database: redactUrl(options.database), driver, node: process.versions.node }, 'tessera listening');

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    lifecycle.info({ signal }, 'tessera shutting down');
    tessera
      .close()
      .then(() => {
        lifecycle.info('tessera stopped');
        logger.flush();
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        logger.flush();
        process.exit(1);
      });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/**
 * stdout, written asynchronously: a synchronous write per request line was the largest single cost
 * of a cached authenticated request in a CPU profile (~13% of the server's time). Lines logged while a
 * write is under way go out together in the next one; nothing waits for a buffer to fill, and pino
 * writes what is pending synchronously when the process exits.
 */
function logDestination() {
  return pino.destination({ dest: 1, sync: false });
}
