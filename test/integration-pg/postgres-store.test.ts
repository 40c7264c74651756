// The PostgreSQL dialect of the one SqlStore, against a real PostgreSQL: what only shows with several
// nodes on one database (migration lock, LISTEN/NOTIFY invalidation, converging last-use writes) and
// what differs between drivers (int8 parsing, "database newer than code").
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DatabaseTooNewError, LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../src/store/migrations.js';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/open-postgres-store.js';
import { sql } from 'kysely';
import { postgresForTests, withAdminClient, type TestPostgres } from '../support/postgres.js';
import type { TokenRecord } from '../../src/store/records.js';

/** The advisory lock Kysely's Migrator holds on PostgreSQL while migrating (kysely/dist/esm/dialect/postgres/postgres-adapter.js). */
const KYSELY_MIGRATION_LOCK_ID = '3853314791062309107';

const pgOrSkip = await postgresForTests();
const skip = 'skip' in pgOrSkip ? pgOrSkip.skip : false;
const server = 'skip' in pgOrSkip ? undefined : (pgOrSkip as TestPostgres);

/** A fresh database on the test server for one test. */
async function freshDatabase(): Promise<string> {
  const name = `t_${Math.random().toString(36).slice(2, 10)}`;
  await withAdminClient(server!.url, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(server!.url);
  url.pathname = `/${name}`;
  return url.toString();
}

function token(prefix: string, overrides: Partial<TokenRecord> = {}): TokenRecord {
  return {
    tokenPrefix: prefix,
    kind: 'application_user',
    userId: 'u1',
    organizationId: 'org1',
    description: 'd',
    createTime: 1_700_000_000_000,
    createdManually: true,
    maxAgeSeconds: 3600,
    requestedMaxAgeSeconds: 3600,
    extendWhenUsed: true,
    expiryTime: 1_700_003_600_000,
    lastUsedTime: null,
    lastIp: null,
    lastUserAgent: null,
    lastUserAgentHumanReadable: null,
    scopes: null,
    ipAllowlist: null,
    rotatedTo: null,
    ...overrides,
  };
}

async function seed(store: PostgresStore): Promise<void> {
  await store.createOrganization({ organizationId: 'org1', accountId: 'a1', name: 'o', tier: 'business', createTime: 1, updateTime: 1 });
  await store.createUser({ userId: 'u1', organizationId: 'org1', name: 'n', userEmail: 'n@example.test', isSuperAdmin: false, createTime: 2 });
}

describe('PostgreSQL store', { skip }, () => {
  const opened: PostgresStore[] = [];
  const open = async (url: string) => {
    const store = await openPostgresStore(url);
    opened.push(store);
    return store;
  };
  after(async () => {
    for (const store of opened) await store.close().catch(() => undefined);
    await server?.stop();
  });

  test('several nodes starting at once migrate once', async () => {
    const url = await freshDatabase();
    const stores = await Promise.all(Array.from({ length: 5 }, () => open(url)));
    await Promise.all(stores.map((s) => s.migrate()));
    const versions = await withAdminClient(url, (c) => c.query('SELECT version FROM tessera_schema_version ORDER BY version'));
    assert.deepEqual(
      versions.rows.map((r) => Number(r.version)),
      MIGRATIONS.map((m) => m.version).sort((x, y) => x - y),
    );
  });

  test('a node waits for another node\'s long migration instead of timing out, and keeps its statement timeout', async () => {
    const url = await freshDatabase();
    const waiting = await openPostgresStore(url, { env: { TESSERA_DATABASE_STATEMENT_TIMEOUT: '200' } });
    opened.push(waiting);
    // Another "node" holds the migration lock for longer than the waiting node's statement timeout.
    const holder = await withAdminClient(url, async (client) => {
      await client.query('SELECT pg_advisory_lock($1)', [KYSELY_MIGRATION_LOCK_ID]);
      const migrating = waiting.migrate();
      await new Promise((resolve) => setTimeout(resolve, 600));
      await client.query('SELECT pg_advisory_unlock($1)', [KYSELY_MIGRATION_LOCK_ID]);
      await migrating;
      return 'released';
    });
    assert.equal(holder, 'released');
    const timeouts = await Promise.all(
      Array.from({ length: 3 }, () => sql<{ statement_timeout: string }>`SHOW statement_timeout`.execute(waiting.db)),
    );
    for (const result of timeouts) assert.equal(result.rows[0].statement_timeout, '200ms');
  });

  test('a database newer than the code refuses with a clear message', async () => {
    const url = await freshDatabase();
    const store = await open(url);
    await store.migrate();
    await withAdminClient(url, (c) =>
      c.query('INSERT INTO tessera_schema_version (version, name, applied_time) VALUES ($1, $2, $3)', [LATEST_SCHEMA_VERSION + 1, 'from the future', 0]),
    );
    const other = await open(url);
    await assert.rejects(other.migrate(), (error: Error) => {
      assert.ok(error instanceof DatabaseTooNewError);
      assert.match(error.message, new RegExp(`schema version ${LATEST_SCHEMA_VERSION + 1}, newer than`));
      return true;
    });
  });

  test('times come back as numbers, exactly as stored', async () => {
    const url = await freshDatabase();
    const store = await open(url);
    await store.migrate();
    await seed(store);
    assert.equal(await store.createToken({ token: token('tsr_a'), digest: 'digest-a' }), true);
    const [listed] = await store.listTokens('u1');
    assert.equal(listed.createTime, 1_700_000_000_000);
    assert.equal(listed.expiryTime, 1_700_003_600_000);
    assert.equal(typeof listed.maxAgeSeconds, 'number');
    const found = await store.findTokenByDigest('digest-a');
    assert.equal(found?.user?.createTime, 2);
    assert.equal(found?.user?.isSuperAdmin, false);
    const [org] = await store.listOrganizations();
    assert.equal(org.createTime, 1);
  });

  test('last use from many nodes converges to the latest; expiry never moves back', async () => {
    const url = await freshDatabase();
    const nodes = await Promise.all([open(url), open(url), open(url)]);
    await nodes[0].migrate();
    await seed(nodes[0]);
    await nodes[0].createToken({ token: token('tsr_b'), digest: 'digest-b' });
    const base = 1_700_000_100_000;
    // 3 nodes × 20 flushes with interleaved times, in parallel: the newest must win.
    const uses = Array.from({ length: 60 }, (_, i) => ({ node: i % 3, usedAt: base + ((i * 7919) % 60) * 1000 }));
    await Promise.all(
      uses.map(({ node, usedAt }) =>
        nodes[node].recordUses([
          { tokenPrefix: 'tsr_b', usedAt, ip: `10.0.0.${node}`, userAgent: `node-${node}-${usedAt}`, userAgentHumanReadable: null, expiryTime: usedAt + 3_600_000 },
        ]),
      ),
    );
    const latest = Math.max(...uses.map((u) => u.usedAt));
    let [row] = await nodes[1].listTokens('u1');
    assert.equal(row.lastUsedTime, latest);
    assert.equal(row.expiryTime, latest + 3_600_000);
    assert.match(row.lastUserAgent ?? '', new RegExp(`-${latest}$`));
    // A slow node flushing an old use afterwards changes nothing.
    const changed = await nodes[2].recordUses([
      { tokenPrefix: 'tsr_b', usedAt: base, ip: '10.9.9.9', userAgent: 'slow', userAgentHumanReadable: null, expiryTime: base + 3_600_000 },
    ]);
    assert.equal(changed, 0);
    [row] = await nodes[0].listTokens('u1');
    assert.equal(row.lastUsedTime, latest);
    assert.equal(row.expiryTime, latest + 3_600_000);
  });

  test('flushes of overlapping token sets from several nodes do not deadlock', async () => {
    const url = await freshDatabase();
    const nodes = await Promise.all([open(url), open(url)]);
    await nodes[0].migrate();
    await seed(nodes[0]);
    const prefixes = Array.from({ length: 20 }, (_, i) => `tsr_d${String(i).padStart(2, '0')}`);
    for (const p of prefixes) await nodes[0].createToken({ token: token(p), digest: `digest-${p}` });
    const at = 1_700_000_200_000;
    const flush = (node: PostgresStore, order: string[], offset: number) =>
      node.recordUses(order.map((p) => ({ tokenPrefix: p, usedAt: at + offset, ip: '10.0.0.1', userAgent: null, userAgentHumanReadable: null })));
    // A deadlock would reject here: PostgreSQL aborts one transaction with 40P01 after deadlock_timeout.
    const rounds = await Promise.all(
      Array.from({ length: 10 }, (_, i) => flush(nodes[i % 2], i % 2 ? [...prefixes].reverse() : prefixes, i)),
    );
    assert.ok(rounds.every((n) => typeof n === 'number'));
    for (const row of await nodes[1].listTokens('u1')) assert.equal(row.lastUsedTime, at + 9);
  });

  test('an invalidation published on one node reaches the others', async () => {
    const url = await freshDatabase();
    const [a, b, c] = await Promise.all([open(url), open(url), open(url)]);
    await a.migrate();
    const received = (store: PostgresStore) =>
      new Promise<readonly string[]>((resolve) => store.invalidation.subscribe((prefixes) => resolve(prefixes)));
    const onB = received(b);
    const onC = received(c);
    const started = Date.now();
    await a.invalidation.publish(['tsr_x', 'tsr_y']);
    assert.deepEqual(await onB, ['tsr_x', 'tsr_y']);
    assert.deepEqual(await onC, ['tsr_x', 'tsr_y']);
    assert.ok(Date.now() - started < 1000);
  });

  test('a dropped LISTEN connection turns caching off, resets caches, and comes back by itself', async () => {
    const url = await freshDatabase();
    const store = await open(url);
    await store.migrate();
    assert.equal(store.invalidation.reliable, true);
    let resets = 0;
    store.invalidation.subscribeReset(() => resets++);
    const killed = await withAdminClient(url, (c) =>
      c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'tessera-listener' AND datname = current_database()`),
    );
    assert.equal(killed.rowCount, 1);
    const downBy = Date.now() + 2000;
    while (store.invalidation.reliable && Date.now() < downBy) await new Promise((r) => setTimeout(r, 10));
    assert.equal(store.invalidation.reliable, false, 'the listener did not notice its connection was gone');
    const upBy = Date.now() + 5000;
    while (!store.invalidation.reliable && Date.now() < upBy) await new Promise((r) => setTimeout(r, 20));
    assert.equal(store.invalidation.reliable, true, 'the listener did not reconnect');
    assert.ok(resets >= 2, `expected a reset when going down and one when back up, got ${resets}`);
    // And notifications flow again.
    const got = new Promise<readonly string[]>((resolve) => store.invalidation.subscribe(resolve));
    const other = await open(url);
    await other.invalidation.publish(['tsr_after']);
    assert.deepEqual(await got, ['tsr_after']);
  });
});
