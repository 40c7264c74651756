// Three real `tessera serve` processes on one PostgreSQL database: what a load balancer in front of
// them must be able to rely on.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { postgresForTests, withAdminClient, type TestPostgres } from '../support/postgres.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { newBootstrapToken } from '../support/tessera.js';
import {
  call, crashedNodesReport, createToken, createUser, meStatus, revokeToken, sleep, startNodes, tokensPath, within,
  type CreatedToken, type Fixture, type Node,
} from './nodes.js';

const pgOrSkip = await postgresForTests();
const skip = 'skip' in pgOrSkip ? pgOrSkip.skip : false;

describe('three nodes on one PostgreSQL', { skip }, () => {
  const pg = pgOrSkip as TestPostgres;
  let nodes: Node[] = [];
  let a: Node, b: Node, c: Node;
  let admin: string;
  let fixture: Fixture;

  before(async () => {
    // All three start at the same moment on an empty database: migrations must run exactly once.
    nodes = await startNodes(pg.url, ['A', 'B', 'C']);
    [a, b, c] = nodes;
    admin = a.adminToken;
    fixture = await createUser(a, admin);
  });

  after(async () => {
    const crashed = crashedNodesReport(nodes);
    await Promise.all(nodes.map((node) => node.stop().catch(() => undefined)));
    await pg.stop();
    assert.equal(crashed, undefined, 'a node crashed');
  });

  test('nodes starting at once migrated the database once', async () => {
    const rows = await withAdminClient(pg.url, (client) => client.query('SELECT version FROM tessera_schema_version ORDER BY version'));
    assert.deepEqual(rows.rows.map((r) => Number(r.version)), MIGRATIONS.map((m) => m.version).sort((a, b) => a - b));
    for (const node of nodes) assert.equal((await call(node, 'GET', '/readyz', undefined)).status, 200, `node ${node.name} not ready`);
  });

  test('a token created on A authenticates on B and C at once', async () => {
    const token = await createToken(a, admin, fixture);
    // No waiting: the very first request on each other node must succeed.
    assert.deepEqual(await Promise.all([meStatus(b, token.full_token), meStatus(c, token.full_token)]), [200, 200]);
  });

  test('a token revoked on A is refused by B and C within one second', async () => {
    const token = await createToken(a, admin, fixture);
    // Every node has it cached: what must be undone is a cached verification, not a cold lookup.
    for (const node of nodes) for (let i = 0; i < 3; i++) assert.equal(await meStatus(node, token.full_token), 200);
    assert.equal(await revokeToken(a, admin, fixture, token.token_prefix), 204);
    const acknowledged = Date.now();
    assert.equal(await meStatus(a, token.full_token), 401, 'the revoking node itself still accepts the token');
    const took = await Promise.all(
      [b, c].map((node) => within(1000, `revocation seen by ${node.name}`, async () => (await meStatus(node, token.full_token)) === 401, 10)),
    );
    assert.ok(Date.now() - acknowledged < 1500, `revocation took ${took.join(' / ')} ms`);
    // And it stays refused (no stale cache entry comes back).
    await sleep(200);
    for (const node of nodes) assert.equal(await meStatus(node, token.full_token), 401);
  });

  test('a user deleted on A: all its tokens are refused everywhere within one second', async () => {
    const doomed = await createUser(a, admin, 'doomed');
    const tokens = await Promise.all([0, 1, 2].map(() => createToken(a, admin, doomed)));
    for (const node of nodes) for (const token of tokens) assert.equal(await meStatus(node, token.full_token), 200);
    const deleted = await call(a, 'DELETE', `/v1/organization/${doomed.organizationId}/application-users/${doomed.userId}`, admin);
    assert.equal(deleted.status, 204);
    await Promise.all(
      nodes.flatMap((node) =>
        tokens.map((token) =>
          within(1000, `${node.name} refusing ${token.token_prefix}`, async () => (await meStatus(node, token.full_token)) === 401, 10),
        ),
      ),
    );
  });

  test('an organization deleted on A: its users\' tokens are refused everywhere within one second', async () => {
    const doomed = await createUser(a, admin, 'doomed-org');
    const token = await createToken(a, admin, doomed);
    for (const node of nodes) assert.equal(await meStatus(node, token.full_token), 200);
    assert.equal((await call(a, 'DELETE', `/v1/organization/${doomed.organizationId}`, admin)).status, 204);
    await Promise.all(
      nodes.map((node) => within(1000, `${node.name} refusing the token`, async () => (await meStatus(node, token.full_token)) === 401, 10)),
    );
  });

  test('a super admin demoted on A loses its rights on B and C within one second', async () => {
    const org = await createUser(a, admin, 'rights');
    const boss = await call(a, 'POST', `/v1/organization/${org.organizationId}/application-users`, admin, { name: 'boss', is_super_admin: true });
    assert.equal(boss.status, 200);
    const bossFixture = { organizationId: org.organizationId, userId: boss.body.user_id as string };
    const token = await createToken(a, admin, bossFixture);
    const usersPath = `/v1/organization/${org.organizationId}/application-users`;
    for (const node of nodes) assert.equal((await call(node, 'GET', usersPath, token.full_token)).status, 200);
    const demoted = await call(a, 'PATCH', `${usersPath}/${bossFixture.userId}`, admin, { name: 'boss', is_super_admin: false });
    assert.equal(demoted.status, 200);
    await Promise.all(
      [b, c].map((node) =>
        within(1000, `${node.name} applying the demotion`, async () => (await call(node, 'GET', usersPath, token.full_token)).status === 403, 10),
      ),
    );
  });

  test('concurrent creates from all nodes: no duplicate prefixes, no lost rows', async () => {
    const many = await createUser(a, admin, 'many');
    const perNode = 30;
    const created = (
      await Promise.all(
        nodes.map(async (node) => {
          const mine: Array<CreatedToken | null> = [];
          // 6 requests in flight per node, 18 at once overall.
          const lanes = Array.from({ length: 6 }, async () => {
            while (mine.length < perNode) {
              mine.push(null);
              const index = mine.length - 1;
              mine[index] = await createToken(node, admin, many, { description: `${node.name}-${index}` });
            }
          });
          await Promise.all(lanes);
          return mine;
        }),
      )
    ).flat();
    assert.equal(created.length, perNode * nodes.length);
    const prefixes = new Set(created.map((t) => t!.token_prefix));
    assert.equal(prefixes.size, created.length, 'duplicate token prefixes were handed out');
    for (const node of nodes) {
      const listed = await call(node, 'GET', tokensPath(many), admin);
      assert.equal(listed.status, 200);
      const listedPrefixes = new Set((listed.body.tokens as Array<{ token_prefix: string }>).map((t) => t.token_prefix));
      assert.deepEqual([...listedPrefixes].sort(), [...prefixes].sort(), `node ${node.name} lists different tokens`);
    }
    // Every acknowledged secret works, on a node other than the one that made it.
    const statuses = await Promise.all(created.map((t, i) => meStatus(nodes[(i + 1) % nodes.length], t!.full_token)));
    assert.ok(statuses.every((s) => s === 200), `some created tokens do not authenticate: ${statuses.filter((s) => s !== 200).length}`);
  });

  test('last use converges on the latest use seen by any node; sliding expiry never moves back', async () => {
    const token = await createToken(a, admin, fixture, { max_age_seconds: 3600, extend_when_used: true });
    // Two extra nodes whose flush order is forced: X uses the token first and flushes LAST (its periodic
    // flush), Y uses it later and flushes FIRST (stopped at once: shutdown flushes).
    const [x, y] = await startNodes(pg.url, ['X', 'Y'], { TESSERA_BOOTSTRAP_TOKEN: admin });
    try {
      assert.equal(await meStatus(x, token.full_token, 'older-use/1.0'), 200);
      await sleep(30);
      const newestSent = Date.now();
      assert.equal(await meStatus(y, token.full_token, 'newer-use/2.0'), 200);
      await y.stop();
      // X's older use is written after Y's newer one by X's periodic flush (about once a second).
      await sleep(1600);
      for (const node of [a, b, c, x]) {
        const listed = await call(node, 'GET', tokensPath(fixture), admin);
        const row = (listed.body.tokens as any[]).find((t) => t.token_prefix === token.token_prefix);
        assert.equal(row.last_user_agent, 'newer-use/2.0', `node ${node.name} shows an older use`);
        const lastUsed = Date.parse(row.last_used_time);
        assert.ok(lastUsed >= newestSent - 1000, `last_used_time ${row.last_used_time} is older than the newest use`);
        // expiry follows the newest use (to the second, as the API prints times)
        assert.ok(
          Math.abs(Date.parse(row.expiry_time) - (lastUsed + 3_600_000)) <= 1000,
          `expiry_time ${row.expiry_time} is not last_used_time ${row.last_used_time} + 1 h`,
        );
      }
    } finally {
      await Promise.all([x.stop(), y.stop()].map((p) => p.catch(() => undefined)));
    }
  });

  // Last: it replaces the admin token the other tests use.
  test('a node started with a new TESSERA_BOOTSTRAP_TOKEN rotates the admin token on every node within one second', async () => {
    for (const node of nodes) assert.equal(await meStatus(node, admin), 200);
    const rotated = newBootstrapToken();
    const [r] = await startNodes(pg.url, ['R'], { TESSERA_BOOTSTRAP_TOKEN: rotated });
    nodes.push(r);
    await Promise.all(nodes.map((node) => within(1000, `${node.name} refusing the old admin token`, async () => (await meStatus(node, admin)) === 401, 10)));
    for (const node of nodes) assert.equal(await meStatus(node, rotated), 200, `${node.name} refuses the new admin token`);
  });
});
