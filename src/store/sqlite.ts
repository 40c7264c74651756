// SQLite, the embedded default: the same Kysely store over the driver each Node line runs reliably.
// - Node >= 22: node:sqlite, built into Node (no native addon to build against each Node's headers).
//   better-sqlite3 12 on Node 24 was seen to abort the server during garbage collection
//   (`Assertion failed: (env) != nullptr` in Statement::~Statement), and 13 refuses Node 20.
// - Node 20 (end of life; the machine's Node for now): better-sqlite3 12, an optional dependency
//   that only Node 20 loads (node:sqlite does not exist there).
// WAL lets readers run beside the single writer; foreign keys are off by default in SQLite.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect as BetterSqlite3Dialect, type Dialect, type SqliteDatabase } from 'kysely';
import { SqliteDialect as NodeSqliteDialect } from 'kysely-sqlite';
import type { Database } from './schema.js';
import { SqlStore } from './sql-store.js';
import { SqliteStatementCache, type PreparingDatabase } from './sqlite-statement-cache.js';

export type SqliteDriver = 'node:sqlite' | 'better-sqlite3';

/**
 * The driver for this Node: node:sqlite from Node 22 on, better-sqlite3 on Node 20.
 * TESSERA_SQLITE_DRIVER names one instead: for comparing drivers (bench/sqlite-soak.ts), not for production.
 */
export function sqliteDriverFor(nodeVersion: string = process.versions.node, override = process.env.TESSERA_SQLITE_DRIVER): SqliteDriver {
  if (override === 'node:sqlite' || override === 'better-sqlite3') return override;
  if (override) throw new Error(`TESSERA_SQLITE_DRIVER must be node:sqlite or better-sqlite3, not ${JSON.stringify(override)}`);
  return Number(nodeVersion.split('.')[0]) >= 22 ? 'node:sqlite' : 'better-sqlite3';
}

/** What both drivers' connections offer, for the few callers that need SQL outside Kysely (bulk loads, checks of a copy). */
export interface SqliteConnection {
  exec(sql: string): void;
  prepare(sql: string): { run(namedParameters: Record<string, unknown>): unknown; all(): unknown[] };
  close(): void;
}

/**
 * The SQL store on SQLite; `sqlite` is the raw connection, `driver` says which driver holds it, and
 * `statements` is the prepared-statement cache the driver goes through.
 */
export class SqliteStore extends SqlStore {
  constructor(
    db: Kysely<Database>,
    readonly sqlite: SqliteConnection,
    readonly driver: SqliteDriver,
    readonly statements: SqliteStatementCache,
  ) {
    super(db);
  }
}

const PRAGMAS = ['journal_mode = WAL', 'synchronous = NORMAL', 'foreign_keys = ON', 'busy_timeout = 5000'];

export function openSqliteStore(path: string, driver: SqliteDriver = sqliteDriverFor()): SqliteStore {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const { connection, statements, dialect } = driver === 'node:sqlite' ? openNodeSqlite(path) : openBetterSqlite3(path);
  for (const pragma of PRAGMAS) connection.exec(`PRAGMA ${pragma}`);
  return new SqliteStore(new Kysely<Database>({ dialect: withTransactionalDdl(dialect) }), connection, driver, statements);
}

/** A connection outside the store (no pragmas set), on this Node's driver: for tools and tests that read a database file. */
export function openSqliteConnection(path: string, options: { readonly?: boolean } = {}, driver = sqliteDriverFor()): SqliteConnection {
  if (driver === 'node:sqlite') return new (nodeSqlite().DatabaseSync)(path, { readOnly: options.readonly ?? false }) as SqliteConnection;
  return new (betterSqlite3())(path, { readonly: options.readonly ?? false }) as unknown as SqliteConnection;
}

/**
 * SQLite's online backup of `source` (a database file) into `target`, all pages in one step (one read
 * transaction on the source: in WAL mode a consistent snapshot that never blocks the writer). Returns
 * the number of pages copied.
 */
export async function backupSqliteFile(source: string, target: string, driver = sqliteDriverFor()): Promise<number> {
  if (driver === 'node:sqlite') {
    const { DatabaseSync, backup } = nodeSqlite();
    const database = new DatabaseSync(source, { timeout: 5000 });
    try {
      return await backup(database, target, { rate: 2 ** 31 - 1 });
    } finally {
      database.close();
    }
  }
  const database = new (betterSqlite3())(source, { fileMustExist: true });
  try {
    database.pragma('busy_timeout = 5000');
    return (await database.backup(target, { progress: () => 0x7fffffff })).totalPages;
  } finally {
    database.close();
  }
}

// Both drivers get the database behind a statement cache (src/store/sqlite-statement-cache.ts), of
// which they call prepare() and close(); the raw connection stays uncached for callers outside Kysely.
interface OpenedSqlite {
  connection: SqliteConnection;
  statements: SqliteStatementCache;
  dialect: Dialect;
}

function openNodeSqlite(path: string): OpenedSqlite {
  const database = new (nodeSqlite().DatabaseSync)(path);
  const statements = new SqliteStatementCache(database as unknown as PreparingDatabase);
  // kysely-sqlite's config is typed as a DatabaseSync; its driver calls prepare() and close() only
  const dialect = new NodeSqliteDialect({ database: statements as unknown as typeof database });
  return { connection: database as SqliteConnection, statements, dialect };
}

function openBetterSqlite3(path: string): OpenedSqlite {
  const database = new (betterSqlite3())(path);
  const statements = new SqliteStatementCache(database as unknown as PreparingDatabase);
  const dialect = new BetterSqlite3Dialect({ database: statements as unknown as SqliteDatabase });
  return { connection: database as unknown as SqliteConnection, statements, dialect };
}

// getBuiltinModule keeps this synchronous and lets Node 20 load this file (it has no node:sqlite).
const nodeSqlite = () => process.getBuiltinModule('node:sqlite');
const betterSqlite3 = () => loadPackage<typeof BetterSqlite3>('better-sqlite3');

// better-sqlite3 loads on demand, so Node 22 and 24 never load it (it may be absent there: it is an
// optional dependency, built for Node 20 only).
const requireFromHere = createRequire(import.meta.url);
function loadPackage<T>(name: string): T {
  const loaded = requireFromHere(name) as T & { default?: T };
  return loaded.default ?? loaded;
}

/**
 * SQLite's DDL is transactional, but Kysely's SQLite adapters say otherwise, so its Migrator would run
 * migrations outside a transaction: a crash between two statements would leave half a migration. The
 * same adapter, saying what SQLite does, makes each run one transaction with its ledger rows.
 */
function withTransactionalDdl(dialect: Dialect): Dialect {
  return {
    createDriver: () => dialect.createDriver(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createAdapter: () => Object.create(dialect.createAdapter(), { supportsTransactionalDdl: { value: true } }),
  };
}
