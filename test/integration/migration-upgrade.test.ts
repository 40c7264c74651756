// Kysely's Migrator takes over databases migrated by the released runner without loss: the versions
// that runner recorded become ledger rows (nothing runs twice), what is missing runs, the data stays,
// and a version filled in later (a gap) runs when it arrives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { openStore } from '../../src/store/open-store.js';
import { migrate, migrationName } from '../../src/store/migration-runner.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from '../../src/store/migrations.js';
import { releasedMigrate } from './support/released-migrate.js';
import { testDatabase } from './support/test-server.js';

const fixture = fileURLToPath(new URL('./fixtures/release-0.1.0.db', import.meta.url));

async function ledger(db: Kysely<any>): Promise<string[]> {
  return (await db.selectFrom('tessera_migration').select('name').orderBy('name').execute()).map((r) => String(r.name));
}
async function history(db: Kysely<any>): Promise<number[]> {
  return (await db.selectFrom('tessera_schema_version').select('version').orderBy('version').execute()).map((r) => Number(r.version));
}

test('a SQLite database made by release 0.1.0 upgrades: its versions are adopted, its data stays', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-upgrade-'));
  const path = join(dir, 'tessera.db');
  copyFileSync(fixture, path);
  const store = await openStore(path);
  try {
    const db = store.db as unknown as Kysely<any>;
    assert.deepEqual(await history(db), [1, 2, 3, 5], 'the fixture as the release left it');
    await store.migrate();
    assert.deepEqual(await ledger(db), MIGRATIONS.map(migrationName).sort(), 'every migration is in the ledger');
    assert.deepEqual(await history(db), MIGRATIONS.map((m) => m.version).sort((a, b) => a - b), 'the readable history keeps one row a version');

    const [org] = (await store.listOrganizations()).filter((o) => o.name === 'legacy org');
    assert.ok(org, 'the organization is there');
    const [user] = await store.listUsers(org.organizationId);
    assert.equal(user.name, 'legacy user');
    const tokens = await store.listTokens(user.userId);
    const legacy = tokens.find((t) => t.description === 'legacy token');
    assert.ok(legacy, 'the token is there');
    assert.equal(legacy.maxAgeSeconds, 315_360_000);
    assert.equal(legacy.requestedMaxAgeSeconds, 315_360_000);
    assert.deepEqual(legacy.scopes, ['accounts:read']);
    assert.deepEqual(legacy.ipAllowlist, ['127.0.0.1/32']);
    const keyed = tokens.find((t) => t.description === 'with key');
    assert.equal(keyed?.requestedMaxAgeSeconds, null, 'unset max_age_seconds stays unset');

    const before = await ledger(db);
    await store.migrate();
    assert.deepEqual(await ledger(db), before, 'a second start changes nothing');
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a database the released runner left at 1, 2, 3 and 5 upgrades, then runs 4 when it arrives (this dialect)', async () => {
  const database = testDatabase();
  const store = await openStore(database.location);
  try {
    const db = store.db as unknown as Kysely<any>;
    const withoutFour = MIGRATIONS.filter((m) => m.version !== 4);
    await releasedMigrate(db, withoutFour);
    await db.insertInto('organizations').values({ organization_id: 'org0001', account_id: 'a0001', name: 'kept', tier: 'business', create_time: 1, update_time: 1 }).execute();

    await migrate(store.db, { migrations: withoutFour });
    assert.deepEqual(await ledger(db), withoutFour.map(migrationName).sort());

    let ranFour = 0;
    const four: Migration = { version: 4, name: 'a gap filled later', up: async () => void ranFour++ };
    const withFour = [...withoutFour.filter((m) => m.version < 4), four, ...withoutFour.filter((m) => m.version > 4)];
    await migrate(store.db, { migrations: withFour });
    await migrate(store.db, { migrations: withFour });
    assert.equal(ranFour, 1, 'the late version ran once');
    assert.ok((await history(db)).includes(4), 'and is in the readable history');
    assert.equal((await db.selectFrom('organizations').select('name').executeTakeFirst())?.name, 'kept');
  } finally {
    await store.close();
    database.cleanup();
  }
});

test('a ledger name or an old version this code does not know is refused as a newer database', async () => {
  const database = testDatabase();
  const store = await openStore(database.location);
  try {
    const db = store.db as unknown as Kysely<any>;
    await store.migrate();
    const future = `${String(LATEST_SCHEMA_VERSION + 1).padStart(4, '0')}_from_the_future`;
    await db.insertInto('tessera_migration').values({ name: future, timestamp: new Date().toISOString() }).execute();
    await assert.rejects(store.migrate(), new RegExp(`schema version ${LATEST_SCHEMA_VERSION + 1}, newer than this Tessera understands`));
    await db.deleteFrom('tessera_migration').where('name', '=', future).execute();
    await store.migrate();
  } finally {
    await store.close();
    database.cleanup();
  }
});
