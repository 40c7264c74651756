// SQLite through better-sqlite3 (the embedded default). WAL lets readers run beside the single writer;
// foreign keys are off by default in SQLite, so turn them on.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './schema.js';
import { SqlStore } from './sql-store.js';

/** The SQL store on SQLite; `sqlite` is the raw handle, for bulk loading in benchmarks. */
export class SqliteStore extends SqlStore {
  constructor(
    db: Kysely<Database>,
    readonly sqlite: BetterSqlite3.Database,
  ) {
    super(db);
  }
}

export function openSqliteStore(path: string): SqliteStore {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new BetterSqlite3(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return new SqliteStore(db, sqlite);
}
