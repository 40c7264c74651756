// The migration runner Tessera 0.1.0 shipped (before Kysely's Migrator): each migration and its
// tessera_schema_version row in one transaction. Kept here only to build databases as that release
// left them, on either dialect, so the upgrade tests start from the real thing.
import type { Kysely } from 'kysely';
import type { Migration } from '../../../src/store/migrations.js';

export async function releasedMigrate(db: Kysely<any>, migrations: readonly Migration[]): Promise<void> {
  await db.schema
    .createTable('tessera_schema_version')
    .ifNotExists()
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('applied_time', 'bigint', (c) => c.notNull())
    .execute();
  const rows = await db.selectFrom('tessera_schema_version').select('version').execute();
  const applied = new Set(rows.map((r) => Number(r.version)));
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    await db.transaction().execute(async (trx) => {
      await migration.up(trx);
      await trx.insertInto('tessera_schema_version').values({ version: migration.version, name: migration.name, applied_time: 1_700_000_000_000 }).execute();
    });
  }
}
