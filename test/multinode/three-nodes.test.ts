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
    assert.deepEqual(rows.rows.map((r) => Number(r.version)), MIGRATIONS.map((m) => m.version).sort((x, y) => x - y));
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

  test('a token rotated on A works everywhere until its grace period ends, then is refused by every node within one second', async () => {
    const old = await createToken(a, admin, fixture, { max_age_seconds: 3600, extend_when_used: true });
    // cached everywhere, with its original (long, extending) expiry
    for (const node of nodes) for (let i = 0; i < 3; i++) assert.equal(await meStatus(node, old.full_token), 200);
    const graceSeconds = 2;
    const rotated = await call(a, 'POST', `${tokensPath(fixture)}/${old.token_prefix}/rotate`, admin, { grace_seconds: graceSeconds });
    assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
    const graceEnd = Date.now() + graceSeconds * 1000;
    // during the grace period: both tokens work on every node, and B's listing shows the rotation
    for (const node of nodes) {
      assert.equal(await meStatus(node, old.full_token), 200, `${node.name} refused the old token during its grace period`);
      assert.equal(await meStatus(node, rotated.body.full_token), 200, `${node.name} refused the new token`);
    }
    const listedOnB = (await call(b, 'GET', tokensPath(fixture), admin)).body.tokens.find((t: any) => t.token_prefix === old.token_prefix);
    assert.equal(listedOnB.rotated_to, rotated.body.token_prefix);
    await sleep(Math.max(0, graceEnd - Date.now() - 300));
    assert.equal(await meStatus(c, old.full_token), 200, 'refused before the grace period ended');
    await sleep(Math.max(0, graceEnd - Date.now()));
    const took = await Promise.all(
      nodes.map((node) => within(1000, `${node.name} refusing the rotated token after its grace period`, async () => (await meStatus(node, old.full_token)) === 401, 10)),
    );
    assert.ok(Date.now() - graceEnd < 1500, `end of grace seen after ${took.join(' / ')} ms`);
    for (const node of nodes) assert.equal(await meStatus(node, rotated.body.full_token), 200);
  });

  test('a token its holder revokes on B is refused by every node within one second, and recorded once', async () => {
    const token = await createToken(a, admin, fixture);
    for (const node of nodes) for (let i = 0; i < 3; i++) assert.equal(await meStatus(node, token.full_token), 200);
    const revoked = await call(b, 'POST', '/v1/token/revoke', undefined, { token: token.full_token });
    assert.equal(revoked.status, 200);
    const acknowledged = Date.now();
    await Promise.all(
      nodes.map((node) => within(1000, `${node.name} refusing the revoked token`, async () => (await meStatus(node, token.full_token)) === 401, 10)),
    );
    assert.ok(Date.now() - acknowledged < 1500);
    const events = await call(c, 'GET', `/v1/organization/${fixture.organizationId}/events?action=token.revoked_by_holder&target=${token.token_prefix}`, admin);
    assert.equal(events.status, 200);
    assert.equal(events.body.events.length, 1);
  });

  test('events written on all three nodes at once: one ordered trail, paged without gaps or repeats from any node', async () => {
    const busy = await createUser(a, admin, 'busy');
    const perNode = 20;
    await Promise.all(
      nodes.map(async (node) => {
        for (let i = 0; i < perNode; i++) {
          const made = await call(node, 'POST', `/v1/organization/${busy.organizationId}/application-users`, admin, { name: `${node.name}-${i}` });
          assert.equal(made.status, 200);
        }
      }),
    );
    const pages: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; ; i++) {
      const node = nodes[i % nodes.length];
      const page: any = await call(node, 'GET', `/v1/organization/${busy.organizationId}/events?limit=9&action=application_user.created${cursor ? `&after=${cursor}` : ''}`, admin);
      assert.equal(page.status, 200);
      if (page.body.events.length === 0) break;
      pages.push(...page.body.events.map((e: any) => e.event_id));
      cursor = page.body.next_cursor;
    }
    assert.equal(pages.length, 1 + perNode * nodes.length);
    assert.equal(new Set(pages).size, pages.length);
    assert.deepEqual([...pages].sort(), pages);
  });

  // Last: it replaces the admin token the other tests use.
  test('a node started with a new TESSERA_BOOTSTRAP_TOKEN rotates the admin token on every node within one second', async () => {
    for (const node of nodes) assert.equal(await meStatus(node, admin), 200);
    const rotated = newBootstrapToken();
    const [r] = await startNodes(pg.url, ['R'], { TESSERA_BOOTSTRAP_TOKEN: rotated });
    nodes.push(r);
    await Promise.all(nodes.map((node) => within(1000, `${node.name} refusing the old admin token`, async () => (await meStatus(node, admin)) === 401, 10)));
    for (const node of nodes) assert.equal(await meStatus(node, rotated), 200, `${node.name} refuses the new admin token`);
    // recorded as an audit event (instance-wide: no organization), logged by the node that rotated it
    assert.match(r.output(), /"audit":true[^\n]*"organization_id":null[^\n]*"action":"admin_token.rotated"/);
    // and readable from any node in the instance's trail, the only place an event of no organization is
    const trail: any = await call(nodes[0], 'GET', '/v1/events?action=admin_token.rotated', rotated);
    assert.equal(trail.status, 200);
    assert.deepEqual(trail.body.events.map((e: any) => [e.organization_id, e.actor]), [[null, 'admin']]);
    assert.ok(!r.output().includes(rotated) && !r.output().includes(admin), 'an admin token is in the log');
  });
});
