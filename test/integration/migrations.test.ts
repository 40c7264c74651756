// Migrations run on start, are idempotent, and a database newer than the code refuses to start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../../src/store/open-store.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../src/store/migrations.js';
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

test('migration 2 keeps what tokens made before it answer: their max_age_seconds is copied as the requested one', async () => {
  const database = testDatabase();
  const store = await openStore(database.location);
  try {
    // a database as version 1 left it, with one token
    await store.db.schema.createTable('tessera_schema_version').addColumn('version', 'integer', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull()).addColumn('applied_time', 'bigint', (c) => c.notNull()).execute();
    await MIGRATIONS[0].up(store.db);
    await store.db.insertInto('tessera_schema_version').values({ version: 1, name: MIGRATIONS[0].name, applied_time: 0 }).execute();
    await store.db.insertInto('organizations').values({ organization_id: 'org0001', account_id: 'a0001', name: 'o', tier: 'business', create_time: 0, update_time: 0 }).execute();
    await store.db.insertInto('application_users').values({ user_id: 'u0001', organization_id: 'org0001', name: 'u', user_email: 'e', is_super_admin: 0, create_time: 0 }).execute();
    const v1Row = {
      token_prefix: 'tsr_0123456789', token_digest: 'x'.repeat(64), kind: 'application_user', user_id: 'u0001', organization_id: 'org0001',
      description: 'old', create_time: 0, created_manually: 1, max_age_seconds: 36000, extend_when_used: 0, expiry_time: 36_000_000,
      last_used_time: null, last_ip: null, last_user_agent: null, last_user_agent_human_readable: null, scopes: null, ip_allowlist: null,
    };
    await (store.db as any).insertInto('tokens').values(v1Row).execute();
    await store.migrate();
    const [token] = await store.listTokens('u0001');
    assert.equal(token.maxAgeSeconds, 36000);
    assert.equal(token.requestedMaxAgeSeconds, 36000);
  } finally {
    await store.close();
    database.cleanup();
  }
});
