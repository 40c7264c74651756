// Serialises migrations across nodes that start at the same time on one PostgreSQL database.
// A session-level advisory lock held on one connection for the whole run: the first node migrates,
// the others wait, then find every version applied (and the "database newer than code" check still
// runs for each). The lock is released with the connection even if the node dies mid-migration.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** Arbitrary but fixed: "tessera migrations" as a 64-bit advisory lock key. */
export const MIGRATION_LOCK_KEY = 7_365_410_234_001n;

export async function withMigrationLock<T>(db: Kysely<Database>, run: (connection: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (connection) => {
    // Waiting for another node's migration, and a long migration itself, must not hit the request
    // statement timeout; RESET restores the connection's configured timeout before it returns to the pool.
    await sql`SET statement_timeout TO 0`.execute(connection);
    try {
      await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(connection);
      try {
        return await run(connection);
      } finally {
        await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(connection).catch(() => undefined);
      }
    } finally {
      await sql`RESET statement_timeout`.execute(connection).catch(() => undefined);
    }
  });
}
