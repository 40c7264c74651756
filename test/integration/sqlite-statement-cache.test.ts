// The SQLite store's prepared-statement cache (src/store/sqlite-statement-cache.ts) on this Node's
// driver (better-sqlite3 on Node 20, node:sqlite from 22: `scripts/test-node-line.sh 22 <this file>`):
// reused statements give each call its own results, leave nothing behind (parameters, a read
// transaction, a failed step), follow schema changes, and the cache stays bounded.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { openSqliteConnection, openSqliteStore, sqliteDriverFor } from '../../src/store/sqlite.js';
import { SqliteStatementCache, type PreparingDatabase } from '../../src/store/sqlite-statement-cache.js';
import type { Organization } from '../../src/store/records.js';
import type { Database } from '../../src/store/schema.js';

const driver = sqliteDriverFor();

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-statement-cache-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const org = (i: number): Organization => ({
  organizationId: `org${i}`, accountId: `a${i}`, name: `name ${i}`, tier: 'business', createTime: 1000 + i, updateTime: 1000 + i,
});

test(`${driver}: the same queries run many times return each call's own rows, and the cache does not grow with them`, async (t) => {
  const store = openSqliteStore(join(tempDir(t), 'tessera.db'));
  t.after(() => store.close());
  await store.migrate();
  const round = async (from: number, to: number) => {
    for (let i = from; i < to; i++) await store.createOrganization(org(i));
    // read back in another order than written: every call binds its own parameter
    for (let i = to - 1; i >= from; i--) {
      assert.deepEqual(await store.getOrganization(`org${i}`), org(i));
      assert.deepEqual(await store.getOrganizationByAccountId(`a${i}`), org(i));
    }
    for (let i = from; i < to; i += 2) assert.equal((await store.updateOrganization(`org${i}`, { name: `renamed ${i}`, updateTime: 5000 + i }))?.name, `renamed ${i}`);
    for (let i = from + 1; i < to; i += 2) assert.deepEqual(await store.deleteOrganization(`org${i}`), []);
  };
  await round(0, 100);
  const statementsAfterFirstRound = store.statements.size;
  await round(100, 300);
  assert.equal(store.statements.size, statementsAfterFirstRound, 'no new SQL text for the same queries with other values');
  const all = await store.listOrganizations();
  assert.equal(all.length, 150);
  assert.deepEqual(all.map((o) => o.name), Array.from({ length: 150 }, (_, k) => `renamed ${2 * k}`));
});

test(`${driver}: beyond its capacity the least recently used statement goes, and SQL that does not compile is not kept`, (t) => {
  const statements = new SqliteStatementCache(openSqliteConnection(':memory:') as unknown as PreparingDatabase, 3);
  t.after(() => statements.close());
  const one = statements.prepare('select 1 as n');
  const two = statements.prepare('select 2 as n');
  statements.prepare('select 3 as n');
  assert.equal(statements.prepare('select 1 as n'), one, 'the same SQL text: the same statement');
  statements.prepare('select 4 as n'); // full: "select 2" is the least recently used
  assert.equal(statements.size, 3);
  assert.equal(statements.prepare('select 1 as n'), one);
  assert.notEqual(statements.prepare('select 2 as n'), two, 'evicted, so prepared again');
  assert.deepEqual(statements.prepare('select 2 as n').all().map((row) => ({ ...(row as object) })), [{ n: 2 }]);
  assert.throws(() => statements.prepare('selec 5'), /syntax error/);
  assert.equal(statements.size, 3);
  assert.throws(() => new SqliteStatementCache(openSqliteConnection(':memory:') as unknown as PreparingDatabase, 0), /at least 1/);
});

test(`${driver}: a reused statement whose step failed runs again, and binds only the parameters of its call`, async (t) => {
  const store = openSqliteStore(join(tempDir(t), 'tessera.db'));
  t.after(() => store.close());
  await store.migrate();
  await store.createOrganization(org(1));
  // the same INSERT again: a primary key violation, then the same statement with other values
  await assert.rejects(store.createOrganization(org(1)), /UNIQUE constraint failed/);
  await store.createOrganization(org(2));
  assert.deepEqual(await store.getOrganization('org2'), org(2));
  assert.deepEqual((await store.listOrganizations()).map((o) => o.organizationId), ['org1', 'org2']);
  // parameters of another call never show through (null binds as null, not as the last value)
  const pair = async (a: string | null, b: string | null) => ({ ...(await sql<object>`select ${a} as a, ${b} as b`.execute(store.db)).rows[0] });
  assert.deepEqual(await pair('x', null), { a: 'x', b: null });
  assert.deepEqual(await pair(null, 'y'), { a: null, b: 'y' });
});

test(`${driver}: reused statements leave no read transaction open: another connection's writes are seen and the WAL checkpoints`, async (t) => {
  const path = join(tempDir(t), 'tessera.db');
  const store = openSqliteStore(path);
  t.after(() => store.close());
  await store.migrate();
  const other = openSqliteConnection(path);
  t.after(() => other.close());
  // a checkpoint blocked by a reader answers busy at once (better-sqlite3 would wait 5 s by default)
  other.exec('PRAGMA busy_timeout = 0');
  const checkpoint = () => ({ ...(other.prepare('PRAGMA wal_checkpoint(TRUNCATE)').all()[0] as { busy: number }) }.busy);

  for (let i = 0; i < 5; i++) {
    await store.createOrganization(org(i));
    assert.equal((await store.listOrganizations()).length, i + 1);
    assert.deepEqual(await store.getOrganization(`org${i}`), org(i));
  }
  assert.equal(checkpoint(), 0, 'no reader holds a snapshot: the whole WAL was checkpointed');
  other.exec(`INSERT INTO organizations VALUES ('org9', 'a9', 'from elsewhere', 'business', 1, 1)`);
  assert.equal((await store.listOrganizations()).length, 6, 'the next run of a reused SELECT sees the other connection’s commit');

  // the control: a statement left mid-way (what a reused statement must never be) does hold one
  const midway = store.sqlite.prepare('SELECT organization_id FROM organizations') as unknown as { iterate(): IterableIterator<unknown> };
  const rows = midway.iterate();
  rows.next();
  assert.equal(checkpoint(), 1, 'a snapshot held by a statement not stepped to its end blocks the checkpoint');
  rows.return?.();
  assert.equal(checkpoint(), 0);
});

test(`${driver}: a schema change empties the cache: a reused SELECT * or RETURNING * has the columns a later ALTER TABLE added`, async (t) => {
  const store = openSqliteStore(join(tempDir(t), 'tessera.db'));
  t.after(() => store.close());
  await sql`CREATE TABLE t (a INTEGER)`.execute(store.db);
  const insert = async (a: number, db: Kysely<Database> = store.db) =>
    (await sql`INSERT INTO t (a) VALUES (${a}) RETURNING *`.execute(db)).rows.map((row) => ({ ...(row as object) }));
  const all = async () => (await sql`SELECT * FROM t ORDER BY a`.execute(store.db)).rows.map((row) => ({ ...(row as object) }));
  assert.deepEqual(await insert(1), [{ a: 1 }]);
  assert.deepEqual(await all(), [{ a: 1 }]);
  assert.equal(store.statements.size, 2, 'the CREATE TABLE is not kept');
  await sql`ALTER TABLE t ADD COLUMN b TEXT`.execute(store.db);
  assert.equal(store.statements.size, 0);
  // node:sqlite on Node 22 would leave b out of the first run of the statements prepared before
  assert.deepEqual(await insert(2), [{ a: 2, b: null }]);
  assert.deepEqual(await all(), [{ a: 1, b: null }, { a: 2, b: null }]);
  // a rolled-back change (a failed migration's) is a schema change too
  await assert.rejects(
    store.db.transaction().execute(async (trx) => {
      await sql`ALTER TABLE t ADD COLUMN c TEXT`.execute(trx);
      assert.deepEqual(await insert(3, trx), [{ a: 3, b: null, c: null }]);
      throw new Error('the migration failed');
    }),
    /the migration failed/,
  );
  assert.deepEqual(await insert(4), [{ a: 4, b: null }]);
  await sql.raw('  drop TABLE t').execute(store.db);
  assert.equal(store.statements.size, 0);
});

test(`${driver}: a stream gets a statement of its own, and a query of the same SQL afterwards runs from the start`, async (t) => {
  const store = openSqliteStore(join(tempDir(t), 'tessera.db'));
  t.after(() => store.close());
  await store.migrate();
  for (let i = 0; i < 5; i++) await store.createOrganization(org(i));
  const query = store.db.selectFrom('organizations').select('organization_id').orderBy('organization_id');
  const streamed: string[] = [];
  for await (const row of query.stream()) {
    streamed.push(row.organization_id);
    if (streamed.length === 2) break; // left early: the stream's statement is not stepped to its end
  }
  assert.deepEqual(streamed, ['org0', 'org1']);
  assert.deepEqual((await query.execute()).map((row) => row.organization_id), ['org0', 'org1', 'org2', 'org3', 'org4']);

  // the cache's own guarantee, under Kysely's (which holds the connection for a stream's whole life):
  // iterate() never shares the statement that all() and run() reuse
  const statements = new SqliteStatementCache(store.sqlite as unknown as PreparingDatabase);
  const text = 'SELECT organization_id FROM organizations ORDER BY organization_id';
  const iterator = statements.prepare(text).iterate();
  assert.deepEqual({ ...(iterator.next().value as object) }, { organization_id: 'org0' });
  assert.equal(statements.prepare(text).all().length, 5);
  assert.deepEqual([...iterator].map((row) => (row as { organization_id: string }).organization_id), ['org1', 'org2', 'org3', 'org4']);
});
