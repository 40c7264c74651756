// The audit trail: every change is an event written with it, readable a page at a time by the
// organization's administrators (GET /v1/organization/{id}/events), logged as an "audit": true line,
// never carrying a secret; first use from a new address or client is recorded once; old events are
// pruned in small batches. Runs on SQLite and (test/integration-pg) PostgreSQL.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/domain/clock.js';
import { EventPruner } from '../../src/server/audit/event-pruner.js';
import {
  aivenError, countingStore, createOrganization, createToken, createUser, startTestServer, tokensPath, type ApiCaller, type TestServer,
} from './support/test-server.js';

const eventsPath = (org: string, query = '') => `/v1/organization/${org}/events${query}`;

async function allEvents(api: ApiCaller, org: string, query = ''): Promise<any[]> {
  const response = await api('GET', eventsPath(org, `?limit=1000${query}`));
  assert.equal(response.status, 200, response.text);
  return response.body.events;
}

describe('audit events', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  test('every change is an event, in order, with actor, target, address and client; never a secret', async () => {
    const { api } = server;
    const org = await createOrganization(api, 'audited');
    assert.equal((await api('PATCH', `/v1/organization/${org}`, { body: { name: 'audited-2' } })).status, 200);
    const account = (await api('GET', `/v1/organization/${org}`)).body.account_id;
    assert.equal((await api('PUT', `/v1/account/${account}`, { body: { account_name: 'audited-3' } })).status, 200);
    const boss = await createUser(api, org, 'boss', true);
    const bossToken = await createToken(api, org, boss, { description: 'boss token' });
    const bot = await api('POST', `/v1/organization/${org}/application-users`, {
      token: bossToken.full_token, body: { name: 'bot' }, headers: { 'user-agent': 'audit-test/1.0' },
    });
    assert.equal(bot.status, 200);
    const botId = bot.body.user_id as string;
    assert.equal((await api('PATCH', `/v1/organization/${org}/application-users/${botId}`, { body: { name: 'bot-2', is_super_admin: true } })).status, 200);
    const token = await createToken(api, org, botId, { description: 'ci', scopes: ['user:read'], max_age_seconds: 3600 });
    const rotated = await api('POST', `${tokensPath(org, botId)}/${token.token_prefix}/rotate`, { body: { grace_seconds: 60 } });
    assert.equal(rotated.status, 200, rotated.text);
    assert.equal((await api('DELETE', `${tokensPath(org, botId)}/${rotated.body.token_prefix}`)).status, 204);
    assert.equal((await api('POST', '/v1/token/revoke', { token: null, body: { token: token.full_token } })).status, 200);
    assert.equal((await api('DELETE', `/v1/organization/${org}/application-users/${botId}`)).status, 204);

    const events = await allEvents(api, org);
    const changes = events.filter((e) => !e.action.startsWith('token.used_from_'));
    assert.deepEqual(
      changes.map((e) => [e.action, e.target]),
      [
        ['organization.created', org],
        ['organization.updated', org],
        ['organization.updated', org],
        ['application_user.created', boss],
        ['token.created', bossToken.token_prefix],
        ['application_user.created', botId],
        ['application_user.updated', botId],
        ['token.created', token.token_prefix],
        ['token.rotated', token.token_prefix],
        ['token.revoked', rotated.body.token_prefix],
        ['token.revoked_by_holder', token.token_prefix],
        ['application_user.deleted', botId],
      ],
    );
    const admin = server.adminToken.slice(0, 14);
    const byAction = (action: string, target: string) => changes.find((e) => e.action === action && e.target === target);
    // actor: user id or admin, with the token it used; address and client of the request
    assert.deepEqual(
      [byAction('organization.created', org).actor, byAction('organization.created', org).actor_token_prefix],
      ['admin', admin],
    );
    const made = byAction('application_user.created', botId);
    assert.deepEqual([made.actor, made.actor_token_prefix, made.ip, made.user_agent], [boss, bossToken.token_prefix, '127.0.0.1', 'audit-test/1.0']);
    assert.deepEqual(byAction('organization.updated', org).details, { name: 'audited-2', previous_name: 'audited' });
    assert.deepEqual(byAction('application_user.updated', botId).details, { name: 'bot-2', previous_name: 'bot', is_super_admin: true, previous_is_super_admin: false });
    assert.deepEqual(byAction('token.created', token.token_prefix).details, {
      user_id: botId, description: 'ci', max_age_seconds: 3600, extend_when_used: false, scopes: ['user:read'], ip_allowlist: null,
    });
    assert.equal(byAction('token.rotated', token.token_prefix).details.rotated_to, rotated.body.token_prefix);
    assert.equal(byAction('token.rotated', token.token_prefix).details.grace_seconds, 60);
    const holder = byAction('token.revoked_by_holder', token.token_prefix);
    assert.deepEqual([holder.actor, holder.actor_token_prefix, holder.ip], ['token_holder', token.token_prefix, '127.0.0.1']);
    // time-ordered ids, times in ISO 8601, the organization on every event
    const ids = events.map((e) => e.event_id);
    assert.deepEqual([...ids].sort(), ids);
    assert.equal(new Set(ids).size, ids.length);
    for (const e of events) {
      assert.match(e.event_id, /^ev[0-9a-f]{18}$/);
      assert.equal(e.organization_id, org);
      assert.match(e.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    // no secret anywhere: not in the events, not in the log
    const text = JSON.stringify(events);
    for (const secret of [token.full_token, bossToken.full_token, rotated.body.full_token, server.adminToken]) {
      assert.ok(!text.includes(secret), 'an event carries a full token');
      assert.ok(!server.logs().includes(secret), 'the log carries a full token');
    }
    // and each event is one "audit": true log line
    const logged = server
      .logs()
      .split('\n')
      .filter((line) => line.includes('"audit":true'))
      .map((line) => JSON.parse(line));
    for (const e of changes) {
      const line = logged.find((l) => l.event_id === e.event_id);
      assert.ok(line, `no audit log line for ${e.action}`);
      assert.deepEqual([line.action, line.target, line.actor, line.organization_id], [e.action, e.target, e.actor, e.organization_id]);
    }
  });

  test('an organization deleted: its trail is written in the same transaction, and the organization answers 404 after', async () => {
    const { api } = server;
    const org = await createOrganization(api, 'doomed');
    assert.equal((await allEvents(api, org)).length, 1);
    assert.equal((await api('DELETE', `/v1/organization/${org}`)).status, 204);
    assert.equal((await api('GET', eventsPath(org))).status, 404);
    const rows = await server.tessera.context.store.listEvents({ organizationId: org, limit: 10 });
    assert.deepEqual(rows.map((e) => e.action), ['organization.created', 'organization.deleted']);
    // still readable by the instance admin, in the instance's trail
    const kept = await api('GET', `/v1/events?organization_id=${org}`);
    assert.equal(kept.status, 200, kept.text);
    assert.deepEqual(kept.body.events.map((e: any) => [e.action, e.organization_id]), [['organization.created', org], ['organization.deleted', org]]);
  });

  test("the instance's trail: every organization's events, paged, narrowed; the instance admin only", async () => {
    const { api } = server;
    const first = await createOrganization(api, 'instance-a');
    const second = await createOrganization(api, 'instance-b');
    const user = await createUser(api, second, 'boss', true);
    const token = await createToken(api, second, user);
    assert.equal((await api('POST', '/v1/token/revoke', { token: null, body: { token: token.full_token } })).status, 200);
    const start = (await api('GET', `/v1/events?organization_id=${first}`)).body.events[0].event_id;
    const seen: any[] = [];
    let cursor: string | null = start;
    for (let pages = 0; pages < 10; pages++) {
      const page = await api('GET', `/v1/events?limit=2&after=${cursor}`);
      assert.equal(page.status, 200, page.text);
      seen.push(...page.body.events);
      cursor = page.body.next_cursor;
      if (page.body.events.length < 2) break;
    }
    assert.deepEqual(
      seen.map((e) => [e.action, e.organization_id]),
      [
        ['organization.created', second],
        ['application_user.created', second],
        ['token.created', second],
        ['token.revoked_by_holder', second],
      ],
    );
    assert.deepEqual([...new Set(seen.map((e) => e.event_id))].length, seen.length, 'no event twice');
    const narrowed = await api('GET', `/v1/events?organization_id=${second}&action=token.created`);
    assert.deepEqual(narrowed.body.events.map((e: any) => e.target), [token.token_prefix]);
    assert.deepEqual((await api('GET', '/v1/events?organization_id=org000000000000')).body, { events: [], next_cursor: null });

    const boss = (await createToken(api, second, user)).full_token;
    const refused = await api('GET', '/v1/events', { token: boss });
    assert.equal(refused.status, 403);
    assert.match(aivenError(refused).message, /only the instance admin may read the instance's audit events/);
    assert.equal((await api('GET', '/v1/events', { token: null })).status, 401);
    for (const [query, pattern] of [
      ['?limit=0', /limit "0" is malformed/],
      ['?after=yesterday', /after "yesterday" is malformed/],
      [`?organization_id=${'o'.repeat(65)}`, /organization_id/],
      ['?organization_id=', /organization_id/],
    ] as const) {
      const response = await api('GET', `/v1/events${query}`);
      assert.equal(response.status, 400, query);
      assert.match(aivenError(response).message, pattern);
    }
  });

  test('first use from a new address and from a new client: one event each per token and value', async () => {
    const trusting = await startTestServer({ trustProxy: '127.0.0.1' });
    try {
      const { api } = trusting;
      const org = await createOrganization(api);
      const user = await createUser(api, org);
      const token = await createToken(api, org, user);
      const use = (ip: string, agent: string) =>
        api('GET', '/v1/me', { token: token.full_token, headers: { 'x-forwarded-for': ip, 'user-agent': agent } });
      for (let i = 0; i < 20; i++) assert.equal((await use('203.0.113.7', 'Terraform/1.11.4')).status, 200);
      for (let i = 0; i < 5; i++) assert.equal((await use('203.0.113.7', 'curl/8.5.0')).status, 200);
      for (let i = 0; i < 5; i++) assert.equal((await use('198.51.100.9', 'curl/8.5.0')).status, 200);
      await trusting.tessera.context.lastUse.flush();
      const sightings = (await allEvents(api, org)).filter((e) => e.action.startsWith('token.used_from_'));
      assert.deepEqual(
        sightings.map((e) => [e.action, e.details.ip ?? e.details.user_agent]),
        [
          ['token.used_from_new_ip', '203.0.113.7'],
          ['token.used_from_new_client', 'Terraform/1.11.4'],
          ['token.used_from_new_client', 'curl/8.5.0'],
          ['token.used_from_new_ip', '198.51.100.9'],
        ],
      );
      for (const e of sightings) {
        assert.deepEqual([e.actor, e.actor_token_prefix, e.target], [user, token.token_prefix, token.token_prefix]);
      }
      assert.equal(sightings[1].details.client, 'Terraform 1.11.4');
      // another node (or this one after a restart) that sees the same pair again adds nothing: the
      // database keeps one event per token and value
      trusting.tessera.context.lastUse['known'].clear();
      for (let i = 0; i < 3; i++) assert.equal((await use('203.0.113.7', 'Terraform/1.11.4')).status, 200);
      await trusting.tessera.context.lastUse.flush();
      assert.equal((await allEvents(api, org)).filter((e) => e.action.startsWith('token.used_from_')).length, 4);
    } finally {
      await trusting.close();
    }
  });

  test('filters by action and target; bad queries are 400s that name the field', async () => {
    const { api } = server;
    const org = await createOrganization(api, 'filters');
    const user = await createUser(api, org);
    const a = await createToken(api, org, user);
    await createToken(api, org, user);
    const created = await allEvents(api, org, '&action=token.created');
    assert.equal(created.length, 2);
    assert.deepEqual((await allEvents(api, org, `&target=${a.token_prefix}`)).map((e) => e.action), ['token.created']);
    assert.deepEqual((await allEvents(api, org, `&target=${user}&action=application_user.created`)).length, 1);
    for (const [query, pattern] of [
      ['?limit=0', /limit "0" is malformed/],
      ['?limit=1001', /limit "1001" is malformed/],
      ['?limit=0100', /limit "0100" is malformed/],
      ['?limit=ten', /limit "ten" is malformed/],
      ['?after=yesterday', /after "yesterday" is malformed/],
    ] as const) {
      const response = await api('GET', eventsPath(org, query));
      assert.equal(response.status, 400, query);
      assert.match(aivenError(response).message, pattern);
    }
    // unknown query parameters are tolerated, as on every route
    assert.equal((await api('GET', eventsPath(org, '?foo=bar'))).status, 200);
  });

  test("who may read: instance admin and the organization's super admins; others get 404, 403", async () => {
    const { api } = server;
    const org = await createOrganization(api, 'mine');
    const other = await createOrganization(api, 'theirs');
    const boss = (await createToken(api, org, await createUser(api, org, 'boss', true))).full_token;
    const plain = (await createToken(api, org, await createUser(api, org, 'plain'))).full_token;
    const bossNoRead = (await createToken(api, org, await createUser(api, org, 'boss2', true), { description: 'x', scopes: ['user:read'] })).full_token;
    const bossWrite = (await createToken(api, org, await createUser(api, org, 'boss3', true), { description: 'x', scopes: ['accounts:write'] })).full_token;
    assert.equal((await api('GET', eventsPath(org), { token: boss })).status, 200);
    assert.equal((await api('GET', eventsPath(org), { token: bossWrite })).status, 200, 'accounts:write implies read');
    const foreign = await api('GET', eventsPath(other), { token: boss });
    assert.equal(foreign.status, 404);
    assert.equal(aivenError(foreign).error_code, 'organization_not_found');
    const forbidden = await api('GET', eventsPath(org), { token: plain });
    assert.equal(forbidden.status, 403);
    assert.equal(aivenError(forbidden).error_code, 'permission_denied');
    const scoped = await api('GET', eventsPath(org), { token: bossNoRead });
    assert.equal(scoped.status, 403);
    assert.equal(aivenError(scoped).error_code, 'token_scope_insufficient');
    assert.equal((await api('GET', eventsPath(org), { token: null })).status, 401);
    assert.equal((await api('GET', eventsPath('org000000000000'))).status, 404);
  });

  test('cursor paging under concurrent writers neither skips nor repeats an event', async () => {
    const { api } = server;
    const org = await createOrganization(api, 'busy');
    const writers = 8;
    const perWriter = 25;
    let writing = true;
    const written = Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = 0; i < perWriter; i++) {
          const response = await api('POST', `/v1/organization/${org}/application-users`, { body: { name: `w${w}-${i}` } });
          assert.equal(response.status, 200);
        }
      }),
    ).finally(() => {
      writing = false;
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    for (;;) {
      const stillWriting = writing;
      const page: any = await api('GET', eventsPath(org, `?limit=7${cursor ? `&after=${cursor}` : ''}`));
      assert.equal(page.status, 200);
      pages++;
      for (const e of page.body.events) seen.push(e.event_id);
      cursor = page.body.next_cursor;
      if (!stillWriting && page.body.events.length === 0) break;
    }
    await written;
    const everything = (await allEvents(api, org)).map((e) => e.event_id);
    assert.equal(everything.length, 1 + writers * perWriter);
    assert.equal(new Set(seen).size, seen.length, 'an event was read twice');
    assert.deepEqual(seen, everything, 'the pages read while writing differ from the trail');
    assert.ok(pages > 5, `only ${pages} pages: the reader did not overlap the writers`);
  });
});

describe('audit retention', () => {
  test('events older than the retention period are pruned in small batches; newer ones stay', async () => {
    const clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
    let counter!: ReturnType<typeof countingStore>;
    const server = await startTestServer({ clock, auditRetentionDays: 30, wrapStore: (store) => (counter = countingStore(store)).store });
    try {
      const { api } = server;
      const org = await createOrganization(api, 'old');
      for (let i = 0; i < 6; i++) await createUser(api, org, `old-${i}`);
      clock.advance(31 * 86_400_000);
      await createUser(api, org, 'new');
      assert.equal((await allEvents(api, org)).length, 8);
      const store = server.tessera.context.store;
      const pruner = new EventPruner(store, clock, { retentionDays: 30, batchSize: 2, pauseMs: 0 });
      const before = counter.calls.get('pruneEvents') ?? 0;
      assert.equal(await pruner.prune(), 7);
      assert.equal((counter.calls.get('pruneEvents') ?? 0) - before, 4, 'seven old events in batches of two: four deletes');
      assert.deepEqual((await allEvents(api, org)).map((e) => e.action), ['application_user.created']);
      // the app's own pruner uses TESSERA_AUDIT_RETENTION_DAYS (here 30)
      clock.advance(31 * 86_400_000);
      assert.equal(await server.tessera.pruneEvents(), 1);
      assert.deepEqual(await allEvents(api, org), []);
    } finally {
      await server.close();
    }
  });

  test('retention 0 keeps events forever', async () => {
    const clock = new ManualClock();
    const server = await startTestServer({ clock, auditRetentionDays: 0 });
    try {
      const org = await createOrganization(server.api);
      clock.advance(10 * 365 * 86_400_000);
      assert.equal(await server.tessera.pruneEvents(), 0);
      assert.equal((await allEvents(server.api, org)).length, 1);
    } finally {
      await server.close();
    }
  });
});
