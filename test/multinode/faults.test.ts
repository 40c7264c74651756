// Faults with several nodes on one PostgreSQL: the database restarting under load, and a node killed
// without warning. Uses a private PostgreSQL cluster (the test stops and starts it).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { privateClusterUnavailableReason, startPostgresCluster, withAdminClient, type PostgresCluster } from '../support/postgres.js';
import {
  call, crashedNodesReport, createToken, createUser, meStatus, revokeToken, sleep, startNodes, tokensPath, within,
  type CreatedToken, type Fixture, type Node,
} from './nodes.js';

const cannot = privateClusterUnavailableReason();
const skip = cannot ? `SKIPPED: the fault tests stop and start a PostgreSQL server of their own: ${cannot}` : false;
if (skip) console.error(`\n!!! ${skip}\n`);

describe('faults on one PostgreSQL shared by several nodes', { skip }, () => {
  let cluster: PostgresCluster;
  let nodes: Node[] = [];
  let admin: string;
  let fixture: Fixture;

  before(async () => {
    // Durable settings (fsync, synchronous commit): a crash must not lose what was acknowledged.
    cluster = await startPostgresCluster({ durable: true });
    nodes = await startNodes(await cluster.createDatabase(), ['A', 'B']);
    admin = nodes[0].adminToken;
    fixture = await createUser(nodes[0], admin, 'faults');
  });

  after(async () => {
    const crashed = crashedNodesReport(nodes);
    await Promise.all(nodes.map((node) => node.stop().catch(() => undefined)));
    await cluster?.stop();
    assert.equal(crashed, undefined, 'a node crashed');
  });

  for (const mode of ['fast', 'immediate'] as const) {
  test(`PostgreSQL restarted under load (${mode === 'fast' ? 'clean shutdown' : 'crash'}): 503s while down, recovery by itself, no acknowledged write lost`, async () => {
    const reader = await createToken(nodes[0], admin, fixture);
    const acknowledgedCreates: CreatedToken[] = [];
    const acknowledgedRevocations: CreatedToken[] = [];
    // A revocation answered 503 (or not at all) may still have committed: PostgreSQL can flush the
    // commit and die before its answer leaves. Such a token is either gone for good or fully alive.
    const unansweredRevocations = new Set<string>();
    const unexpected: string[] = [];
    const unavailableBodies: unknown[] = [];
    let stopLoad = false;

    const expectOkOr503 = (what: string, status: number, body: unknown, ok: number[]) => {
      if (ok.includes(status)) return true;
      if (status === 503) {
        unavailableBodies.push(body);
        return false;
      }
      unexpected.push(`${what}: ${status} ${JSON.stringify(body)}`);
      return false;
    };

    // Bounded load: per node, one lane creating and revoking tokens, one lane authenticating.
    const lanes = nodes.flatMap((node) => [
      (async () => {
        for (let i = 0; !stopLoad && i < 2000; i++) {
          const created = await call<CreatedToken>(node, 'POST', tokensPath(fixture), admin, { description: `load-${node.name}-${i}` }).catch(
            (error: Error) => ({ status: -1, body: error.message as unknown as CreatedToken }),
          );
          if (!expectOkOr503(`create on ${node.name}`, created.status, created.body, [200, 201])) {
            await sleep(20);
            continue;
          }
          acknowledgedCreates.push(created.body);
          if (i % 3 === 0) {
            const revoked = await call(node, 'DELETE', `${tokensPath(fixture)}/${encodeURIComponent(created.body.token_prefix)}`, admin).catch(
              (error: Error) => ({ status: -1, body: error.message }),
            );
            if (expectOkOr503(`revoke on ${node.name}`, revoked.status, revoked.body, [204])) acknowledgedRevocations.push(created.body);
            else unansweredRevocations.add(created.body.token_prefix);
          }
        }
      })(),
      (async () => {
        for (let i = 0; !stopLoad && i < 20000; i++) {
          const me = await call(node, 'GET', '/v1/me', reader.full_token).catch((error: Error) => ({ status: -1, body: error.message }));
          if (!expectOkOr503(`auth on ${node.name}`, me.status, me.body, [200])) await sleep(20);
        }
      })(),
    ]);

    await sleep(700);
    await cluster.shutdown(mode);
    const downSince = Date.now();
    // While PostgreSQL is down: readiness fails and requests get 503 with the Aiven error body.
    for (const node of nodes) {
      await within(3000, `${node.name} /readyz failing`, async () => (await call(node, 'GET', '/readyz', undefined)).status === 503);
      const me = await call(node, 'GET', '/v1/me', reader.full_token);
      assert.equal(me.status, 503, `${node.name} answered ${me.status} to an authenticated request while PostgreSQL was down`);
      assert.equal(typeof me.body.message, 'string');
      assert.equal(me.body.errors?.[0]?.status, 503, `not the Aiven error body: ${JSON.stringify(me.body)}`);
      assert.equal(typeof me.body.errors[0].error_code, 'string');
    }
    await sleep(Math.max(0, 1500 - (Date.now() - downSince)));
    await cluster.start();

    // Recovery without restarting the nodes.
    for (const node of nodes) {
      await within(10_000, `${node.name} ready again`, async () => (await call(node, 'GET', '/readyz', undefined)).status === 200, 50);
      await within(10_000, `${node.name} authenticating again`, async () => (await meStatus(node, reader.full_token)) === 200, 50);
    }
    await sleep(500);
    stopLoad = true;
    await Promise.all(lanes);

    assert.deepEqual(unexpected, [], 'answers other than success or 503 under load');
    assert.ok(unavailableBodies.length > 0, 'the load never saw PostgreSQL down');
    for (const body of unavailableBodies) assert.equal((body as any)?.errors?.[0]?.status, 503, JSON.stringify(body));
    assert.ok(acknowledgedCreates.length > 10, `only ${acknowledgedCreates.length} creates acknowledged`);

    // No acknowledged write lost: every created token exists (unless a revocation was acknowledged or
    // may have committed), every acknowledged revocation holds, and an unanswered one is all or nothing.
    const revoked = new Set(acknowledgedRevocations.map((t) => t.token_prefix));
    const listed = await call(nodes[1], 'GET', tokensPath(fixture), admin);
    const present = new Set((listed.body.tokens as Array<{ token_prefix: string }>).map((t) => t.token_prefix));
    for (const token of acknowledgedCreates) {
      if (revoked.has(token.token_prefix)) {
        assert.ok(!present.has(token.token_prefix), `revoked ${token.token_prefix} is listed again`);
        assert.equal(await meStatus(nodes[1], token.full_token), 401, `revoked ${token.token_prefix} authenticates`);
      } else if (unansweredRevocations.has(token.token_prefix)) {
        const expected = present.has(token.token_prefix) ? 200 : 401;
        assert.equal(await meStatus(nodes[1], token.full_token), expected, `${token.token_prefix} (revocation unanswered) is half revoked`);
      } else {
        assert.ok(present.has(token.token_prefix), `acknowledged ${token.token_prefix} was lost`);
      }
    }
    const sample = acknowledgedCreates.filter((t) => !revoked.has(t.token_prefix) && !unansweredRevocations.has(t.token_prefix)).slice(-20);
    for (const token of sample) assert.equal(await meStatus(nodes[0], token.full_token), 200);
  });

  }

  test('a LISTEN connection that stalls silently: revocations still apply within two seconds', async () => {
    const [a, b] = nodes;
    // (after the restarts above, give every node's listener time to be back)
    const listenerPids = async () =>
      (
        await withAdminClient(nodes[0].database, (client) =>
          client.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = 'tessera-listener' AND datname = current_database()`),
        )
      ).rows.map((r) => r.pid);
    await within(10_000, 'every node listening', async () => (await listenerPids()).length === nodes.length, 100);
    const token = await createToken(a, admin, fixture);
    for (const node of nodes) for (let i = 0; i < 2; i++) assert.equal(await meStatus(node, token.full_token), 200);
    // Freeze the database backends serving the nodes' LISTEN connections: no error, no notification,
    // nothing but silence — only the heartbeat can tell.
    const pids = await listenerPids();
    assert.equal(pids.length, nodes.length);
    for (const pid of pids) process.kill(pid, 'SIGSTOP');
    try {
      assert.equal(await revokeToken(a, admin, fixture, token.token_prefix), 204);
      const took = await within(2000, 'B refusing the revoked token', async () => (await meStatus(b, token.full_token)) === 401, 20);
      assert.ok(took <= 2000);
    } finally {
      for (const pid of pids) process.kill(pid, 'SIGCONT');
    }
    // The nodes reconnect by themselves and caching resumes.
    const fresh = await createToken(a, admin, fixture);
    await within(5000, 'listeners back', async () => {
      const rows = await withAdminClient(nodes[0].database, (client) =>
        client.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'tessera-listener' AND datname = current_database() AND state = 'idle'`),
      );
      return rows.rows[0].n >= nodes.length;
    }, 100);
    assert.equal(await meStatus(b, fresh.full_token), 200);
  });

  test('a node killed with SIGKILL loses at most its unflushed last-use updates', async () => {
    const [victim] = await startNodes(nodes[0].database, ['K'], { TESSERA_BOOTSTRAP_TOKEN: admin });
    const survivor = nodes[1];
    try {
      const kept = await Promise.all([0, 1, 2, 3].map(() => createToken(victim, admin, fixture)));
      const revoked = await createToken(victim, admin, fixture);
      assert.equal(await revokeToken(victim, admin, fixture, revoked.token_prefix), 204);
      // A use that has had time to be flushed, then one that has not.
      assert.equal(await meStatus(victim, kept[0].full_token, 'flushed-use/1.0'), 200);
      await sleep(1600);
      assert.equal(await meStatus(victim, kept[0].full_token, 'unflushed-use/1.0'), 200);
      victim.kill('SIGKILL');

      // The flushed use survived (the unflushed one may or may not have made it).
      const listed = await call(survivor, 'GET', tokensPath(fixture), admin);
      const rows = listed.body.tokens as any[];
      const row = rows.find((t) => t.token_prefix === kept[0].token_prefix);
      assert.ok(['flushed-use/1.0', 'unflushed-use/1.0'].includes(row.last_user_agent), `last use lost: ${row.last_user_agent}`);
      assert.ok(row.last_used_time, 'the flushed use was lost');
      // Never a token, never a revocation.
      for (const token of kept) assert.ok(rows.some((t) => t.token_prefix === token.token_prefix), `${token.token_prefix} lost`);
      assert.ok(!rows.some((t) => t.token_prefix === revoked.token_prefix), 'the revoked token is back');
      for (const token of kept) assert.equal(await meStatus(survivor, token.full_token), 200);
      assert.equal(await meStatus(survivor, revoked.full_token), 401);
    } finally {
      victim.kill('SIGKILL');
    }
  });
});
