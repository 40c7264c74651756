// The typed client's lifecycle methods against a started server: rotateApplicationUserToken,
// listEvents / listAllEvents (paging), revokeToken; errors arrive as AivenApiError with status and code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AivenApiError, AivenClient } from '../../src/client/index.js';
import { startTestServer } from './support/test-server.js';

test('the typed client rotates, pages through events and revokes', async () => {
  const server = await startTestServer();
  try {
    const client = new AivenClient({ baseUrl: server.url, token: server.adminToken, userAgent: 'client-test/1.0' });
    const org = await client.createOrganization({ organization_name: 'typed' });
    const user = await client.createApplicationUser(org.organization_id, { name: 'bot' });
    const token = await client.createApplicationUserToken(org.organization_id, user.user_id, { description: 'typed', max_age_seconds: 3600 });
    const fresh = await client.rotateApplicationUserToken(org.organization_id, user.user_id, token.token_prefix, { grace_seconds: 30 });
    assert.match(fresh.full_token, /^tsr_/);
    assert.equal(fresh.description, 'typed');
    const old = await client.findApplicationUserToken(org.organization_id, user.user_id, token.token_prefix);
    assert.equal(old?.rotated_to, fresh.token_prefix);
    await assert.rejects(
      client.rotateApplicationUserToken(org.organization_id, user.user_id, token.token_prefix),
      (error: unknown) => error instanceof AivenApiError && error.status === 409 && error.errorCode === 'token_already_rotated',
    );
    await assert.rejects(
      client.rotateApplicationUserToken(org.organization_id, user.user_id, fresh.token_prefix, { grace_seconds: 90_000 }),
      (error: unknown) => error instanceof AivenApiError && error.status === 400 && /grace_seconds/.test(error.message),
    );
    for (let i = 0; i < 5; i++) await client.createApplicationUser(org.organization_id, { name: `more-${i}` });

    const first = await client.listEvents(org.organization_id, { limit: 3 });
    assert.equal(first.events.length, 3);
    assert.equal(first.next_cursor, first.events[2].event_id);
    const second = await client.listEvents(org.organization_id, { limit: 3, after: first.next_cursor! });
    assert.ok(second.events[0].event_id > first.events[2].event_id);
    const all = await client.listAllEvents(org.organization_id);
    assert.deepEqual(
      all.events.map((e) => e.action),
      ['organization.created', 'application_user.created', 'token.created', 'token.rotated', ...Array(5).fill('application_user.created')],
    );
    assert.equal(all.events[3].user_agent, 'client-test/1.0');
    const none = await client.listEvents(org.organization_id, { after: all.next_cursor!, action: 'token.rotated' });
    assert.deepEqual(none, { events: [], next_cursor: all.next_cursor });

    await new AivenClient({ baseUrl: server.url }).revokeToken(fresh.full_token);
    assert.equal(await client.findApplicationUserToken(org.organization_id, user.user_id, fresh.token_prefix), undefined);
    const rotatedEvents = await client.listEvents(org.organization_id, { action: 'token.revoked_by_holder' });
    assert.deepEqual(rotatedEvents.events.map((e) => e.target), [fresh.token_prefix]);
  } finally {
    await server.close();
  }
});
