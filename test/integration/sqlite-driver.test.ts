// The SQLite driver each Node line uses (src/store/sqlite.ts), and that the store behaves the same on it:
// a real database file, real migrations, the pragmas the server relies on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openSqliteStore, sqliteDriverFor } from '../../src/store/sqlite.js';
import { startTessera } from '../support/tessera.js';

const expected = Number(process.versions.node.split('.')[0]) >= 22 ? 'node:sqlite' : 'better-sqlite3';

test('node:sqlite from Node 22 on, better-sqlite3 on Node 20; TESSERA_SQLITE_DRIVER overrides, and only with a driver name', () => {
  assert.equal(sqliteDriverFor('20.20.2', undefined), 'better-sqlite3');
  assert.equal(sqliteDriverFor('22.23.3', undefined), 'node:sqlite');
  assert.equal(sqliteDriverFor('24.21.0', undefined), 'node:sqlite');
  assert.equal(sqliteDriverFor('24.21.0', 'better-sqlite3'), 'better-sqlite3');
  assert.equal(sqliteDriverFor('20.20.2', 'node:sqlite'), 'node:sqlite');
  assert.throws(() => sqliteDriverFor('24.21.0', 'sqlite3'), /TESSERA_SQLITE_DRIVER must be node:sqlite or better-sqlite3/);
});

test(`on Node ${process.versions.node} the store runs on ${expected}: WAL, foreign keys, migrations, numbers back as numbers`, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-sqlite-driver-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const store = openSqliteStore(join(dir, 'tessera.db'));
  assert.equal(store.driver, expected);
  await store.migrate();
  const pragma = async (name: string) => Object.values((await sql.raw(`PRAGMA ${name}`).execute(store.db)).rows[0] as object)[0];
  assert.equal(String(await pragma('journal_mode')).toLowerCase(), 'wal');
  assert.equal(Number(await pragma('foreign_keys')), 1);
  assert.equal(Number(await pragma('busy_timeout')), 5000);

  const time = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
  await store.createOrganization({ organizationId: 'org1', accountId: 'a1', name: 'acme', tier: 'business', createTime: time, updateTime: time });
  await store.createUser({ userId: 'u1', organizationId: 'org1', name: 'bot', userEmail: 'e@x', isSuperAdmin: true, createTime: time });
  const [user] = await store.listUsers('org1');
  assert.deepEqual({ ...user }, { userId: 'u1', organizationId: 'org1', name: 'bot', userEmail: 'e@x', isSuperAdmin: true, createTime: time });
  // deleting the organization cascades to its users: foreign keys are enforced
  await store.deleteOrganization('org1');
  assert.deepEqual(await store.listUsers('org1'), []);
  await store.close();
});

test(`the server started by bin/tessera on this Node says it serves SQLite through ${expected}`, async (t) => {
  // a SQLite file of its own, also when the suite runs again on PostgreSQL (TESSERA_TEST_DATABASE)
  const dir = mkdtempSync(join(tmpdir(), 'tessera-sqlite-driver-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const tessera = await startTessera({ database: join(dir, 'tessera.db') });
  try {
    const line = tessera.output().split('\n').find((l) => l.includes('"tessera listening"'))!;
    const fields = JSON.parse(line) as { driver: string; node: string };
    assert.equal(fields.driver, expected);
    assert.equal(fields.node, process.versions.node);
    // nothing else on the terminal: no driver warning (node:sqlite is still "experimental" on Node 24)
    assert.doesNotMatch(tessera.output(), /ExperimentalWarning|Warning:/);
  } finally {
    await tessera.stop();
  }
});
