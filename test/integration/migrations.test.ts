// Migrations run on start, are idempotent, and a database newer than the code refuses to start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../../src/store/open-store.js';
import { LATEST_SCHEMA_VERSION } from '../../src/store/migrations.js';
import { testDatabase } from './support/test-server.js';

test('migrating twice is harmless; a newer schema version is refused with a clear message', async () => {
  const database = testDatabase();
  const store = await openStore(database.location);
  try {
    await store.migrate();
    await store.migrate();
    const versions = await store.db.selectFrom('tessera_schema_version').select('version').execute();
    assert.ok(versions.some((v) => Number(v.version) === LATEST_SCHEMA_VERSION));
    await store.db.insertInto('tessera_schema_version').values({ version: LATEST_SCHEMA_VERSION + 1, name: 'from the future', applied_time: Date.now() }).execute();
    await assert.rejects(store.migrate(), new RegExp(`schema version ${LATEST_SCHEMA_VERSION + 1}, newer than this Tessera understands`));
  } finally {
    await store.db.deleteFrom('tessera_schema_version').where('version', '=', LATEST_SCHEMA_VERSION + 1).execute();
    await store.close();
    database.cleanup();
  }
});
