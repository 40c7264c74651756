// Runs MIGRATIONS with Kysely's Migrator: its ledger (tessera_migration), its lock (PostgreSQL: an
// advisory lock held while migrating, so nodes starting at once migrate once; SQLite: one connection),
// all pending migrations in one transaction.
//
// History: Tessera's own runner recorded versions in tessera_schema_version (version, name,
// applied_time). That table stays the readable history — every migration still adds its row — and a
// database migrated by that runner is adopted on first start: each recorded version becomes the
// ledger row of its migration, so nothing runs twice and nothing is lost. A version or ledger name
// this code does not know means newer code migrated the database: refuse to run against it.
import { Migrator, type Kysely, type Migration as KyselyMigration, type MigrationProvider } from 'kysely';
import { DatabaseTooNewError, MIGRATIONS, type Migration } from './migrations.js';
import type { Database } from './schema.js';

const LEDGER = 'tessera_migration';
const LEDGER_LOCK = 'tessera_migration_lock';
const HISTORY = 'tessera_schema_version';

/** The ledger name of a migration: its version first, so the names sort in version order. */
export function migrationName(m: Pick<Migration, 'version' | 'name'>): string {
  const slug = m.name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
  return `${String(m.version).padStart(4, '0')}_${slug}`;
}

export interface MigrateOptions {
  /** Tests pass other sets (a gap filled later); Tessera runs MIGRATIONS. */
  migrations?: readonly Migration[];
  now?: () => number;
}

/**
 * Applies what is missing. `db` should be one connection where a session setting matters
 * (PostgreSQL: without a statement timeout while waiting for another node's migration).
 */
export async function migrate(db: Kysely<Database>, options: MigrateOptions = {}): Promise<void> {
  const { migrations = MIGRATIONS, now = Date.now } = options;
  const anyDb = db as unknown as Kysely<any>;
  const byVersion = new Map(migrations.map((m) => [m.version, m]));
  await adoptHistory(anyDb, byVersion);
  await refuseNewerLedger(anyDb, new Set(migrations.map(migrationName)));
  const provider: MigrationProvider = { getMigrations: async () => kyselyMigrations(migrations, now) };
  const migrator = new Migrator({
    db: anyDb,
    provider,
    migrationTableName: LEDGER,
    migrationLockTableName: LEDGER_LOCK,
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`migrating the database failed${failed ? ` at ${failed}` : ''}: ${(error as Error).message ?? String(error)}`, { cause: error });
  }
}

function kyselyMigrations(migrations: readonly Migration[], now: () => number): Record<string, KyselyMigration> {
  const out: Record<string, KyselyMigration> = {};
  for (const m of migrations) {
    out[migrationName(m)] = {
      async up(db) {
        await m.up(db);
        // In the same transaction as the migration: the readable history keeps one row per version.
        await ensureHistoryTable(db);
        await db.insertInto(HISTORY).values({ version: m.version, name: m.name, applied_time: now() }).execute();
      },
    };
  }
  return out;
}

async function tableNames(db: Kysely<any>): Promise<Set<string>> {
  return new Set((await db.introspection.getTables()).map((t) => t.name));
}

async function ensureHistoryTable(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable(HISTORY)
    .ifNotExists()
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('applied_time', 'bigint', (c) => c.notNull())
    .execute();
}

/** Versions the old runner recorded become ledger rows (idempotent; safe when nodes start at once). */
async function adoptHistory(db: Kysely<any>, byVersion: Map<number, Migration>): Promise<void> {
  const tables = await tableNames(db);
  if (!tables.has(HISTORY)) return;
  const recorded = await db.selectFrom(HISTORY).select(['version', 'applied_time']).execute();
  const unknown = recorded.map((r) => Number(r.version)).filter((v) => !byVersion.has(v));
  if (unknown.length > 0) throw new DatabaseTooNewError(Math.max(...unknown));
  if (recorded.length === 0) return;
  if (!tables.has(LEDGER)) await createLedger(db);
  const rows = recorded.map((r) => ({
    name: migrationName(byVersion.get(Number(r.version))!),
    timestamp: new Date(Number(r.applied_time)).toISOString(),
  }));
  await db.insertInto(LEDGER).values(rows).onConflict((oc) => oc.column('name').doNothing()).execute();
}

/** The ledger exactly as Kysely's Migrator creates it (it then finds the table and keeps it). */
async function createLedger(db: Kysely<any>): Promise<void> {
  try {
    await db.schema
      .createTable(LEDGER)
      .ifNotExists()
      .addColumn('name', 'varchar(255)', (c) => c.notNull().primaryKey())
      .addColumn('timestamp', 'varchar(255)', (c) => c.notNull())
      .execute();
  } catch (error) {
    // Another node created it at the same moment (PostgreSQL may then report a duplicate type).
    if (!(await tableNames(db)).has(LEDGER)) throw error;
  }
}

async function refuseNewerLedger(db: Kysely<any>, known: Set<string>): Promise<void> {
  if (!(await tableNames(db)).has(LEDGER)) return;
  const names = await db.selectFrom(LEDGER).select('name').execute();
  const unknown = names.map((r) => String(r.name)).filter((n) => !known.has(n));
  if (unknown.length > 0) throw new DatabaseTooNewError(Math.max(...unknown.map((n) => Number.parseInt(n, 10) || 0)));
}
