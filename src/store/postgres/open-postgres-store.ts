// PostgreSQL through `pg`'s Pool and Kysely's PostgresDialect: the same SqlStore (same queries) as
// SQLite, plus what several nodes sharing one database need — migrations serialised by Kysely's
// advisory lock, and cache invalidation through LISTEN/NOTIFY.
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { migrate } from '../migration-runner.js';
import type { Database } from '../schema.js';
import { SqlStore } from '../sql-store.js';
import type { TokenSighting, TokenUse } from '../records.js';
import { postgresConnectionSettings, poolConfig, type PostgresConnectionSettings } from './connection-settings.js';
import { redactUrl } from '../redact-url.js';
import { isDatabaseUnavailableError } from './database-unavailable.js';
import { PostgresCacheInvalidation, type CacheInvalidationLog } from './postgres-cache-invalidation.js';
import { tesseraTypeParsers } from './type-parsers.js';
import { postgresEventOrderLock } from '../event-log.js';

export interface PostgresStoreOptions {
  env?: Record<string, string | undefined>;
  log?: CacheInvalidationLog;
}

export class PostgresStore extends SqlStore {
  /** Several nodes write events at once: ids must still follow commit order (see event-log.ts). */
  protected override eventOrderLock = postgresEventOrderLock;

  constructor(
    db: Kysely<Database>,
    readonly pool: pg.Pool,
    readonly settings: PostgresConnectionSettings,
    /** Cross-node cache invalidation on this database; started by openPostgresStore. */
    override readonly invalidation: PostgresCacheInvalidation,
  ) {
    super(db, () => invalidation.close());
  }

  /** Several nodes may start at once: the first takes the lock and migrates, the others then find nothing to do. */
  override async migrate(): Promise<void> {
    try {
      await this.db.connection().execute(async (connection) => {
        // Waiting for another node's migration (Kysely's advisory lock), and a long migration itself,
        // must not hit the request statement timeout; RESET restores the connection's configured
        // timeout before it returns to the pool.
        await sql`SET statement_timeout TO 0`.execute(connection);
        try {
          await migrate(connection);
        } finally {
          await sql`RESET statement_timeout`.execute(connection).catch(() => undefined);
        }
      });
    } catch (error) {
      if (!isDatabaseUnavailableError(error)) throw error;
      // The first thing a node does with its database: say which one could not be reached (without the password).
      const reason = error instanceof AggregateError ? error.errors.map((e: Error) => e.message).join('; ') : (error as Error).message;
      throw new Error(`PostgreSQL at ${redactUrl(this.settings.url)} is not reachable: ${reason}`, { cause: error });
    }
  }

  /**
   * Same writes, in one fixed order (by prefix): two nodes flushing overlapping sets of tokens in
   * different orders would otherwise lock rows in opposite orders and deadlock (PostgreSQL aborts one
   * after deadlock_timeout, and its uses would be lost). SQLite has a single writer and cannot deadlock.
   */
  override async recordUses(uses: readonly TokenUse[], sightings: readonly TokenSighting[] = []): Promise<number> {
    const ordered = [...uses].sort((a, b) => (a.tokenPrefix < b.tokenPrefix ? -1 : a.tokenPrefix > b.tokenPrefix ? 1 : 0));
    return super.recordUses(ordered, sightings);
  }
}

/** Opens (but does not migrate) a PostgreSQL store; throws when settings are invalid, never when the server is down. */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const settings = postgresConnectionSettings(url, options.env);
  const pool = new pg.Pool({ ...poolConfig(settings, 'tessera'), types: tesseraTypeParsers });
  // An idle pooled connection dies when the server restarts; pg reports it here and drops the client.
  // Without a listener that event would crash the process. Requests in flight get their own errors.
  pool.on('error', (error) => options.log?.warn({ error: error.message }, 'idle database connection lost'));
  // pg-pool listens for errors on idle clients only. A connection that dies while checked out (between
  // the statements of a transaction, say) emits 'error' with nobody listening, and that kills the
  // process. The statement in flight is rejected anyway, and the pool discards the broken client when it
  // comes back, so a permanent listener that ignores the event is all it takes.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const invalidation = new PostgresCacheInvalidation(pool, settings, options.log);
  await invalidation.start();
  return new PostgresStore(db, pool, settings, invalidation);
}
