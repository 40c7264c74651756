// Last-use recording is coalesced: a burst on one token is a handful of writes, the listing is
// current at once on this node and within about a second in the database, writes never move
// last_used_time backwards, and a clean shutdown flushes what is pending.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runLoad } from '../../bench/auth-load.js';
import { openStore } from '../../src/store/open-store.js';
import { startTessera } from '../support/tessera.js';
import {
  apiCaller, countingStore, createOrganization, createToken, createUser, startTestServer, testDatabase, tokensPath,
} from './support/test-server.js';

test('a burst of 2,000 requests on one token is about one write per second', async () => {
  let counter!: ReturnType<typeof countingStore>;
  const server = await startTestServer({ wrapStore: (store) => (counter = countingStore(store)).store });
  try {
    const org = await createOrganization(server.api);
    const user = await createUser(server.api, org);
    const token = await createToken(server.api, org, user);
    await server.tessera.context.lastUse.flush();
    const writesBefore = server.tessera.context.lastUse.writes;
    const flushesBefore = counter.calls.get('recordUses') ?? 0;

    const load = await runLoad({
      url: `${server.url}/v1/me`,
      headers: { authorization: `aivenv1 ${token.full_token}` },
      connections: 8,
      requests: 2000,
    });
    assert.deepEqual(load.statuses, { 200: 2000 });
    const { seconds, lastCompletedAt: lastUse } = load;

    const list = await server.api('GET', tokensPath(org, user));
    const shown = list.body.tokens.find((t: any) => t.token_prefix === token.token_prefix);
    assert.ok(Math.abs(Date.parse(shown.last_used_time) - lastUse) < 1000, 'listing shows the latest use at once');

    await new Promise((r) => setTimeout(r, 1300));
    const stored = (await server.tessera.context.store.listTokens(user)).find((t) => t.tokenPrefix === token.token_prefix)!;
    assert.ok(lastUse - (stored.lastUsedTime ?? 0) < 1000, 'the database has it within about a second');

    const writes = server.tessera.context.lastUse.writes - writesBefore;
    const flushes = (counter.calls.get('recordUses') ?? 0) - flushesBefore;
    assert.ok(writes <= Math.ceil(seconds) + 3, `${writes} writes for 2000 requests in ${seconds.toFixed(2)} s`);
    assert.ok(flushes <= Math.ceil(seconds) + 3, `${flushes} flushes`);
    assert.ok(writes >= 1);
  } finally {
    await server.close();
  }
});

test('recordUses is conditional: an older use never moves last_used_time or an extended expiry back', async () => {
  const database = testDatabase();
  const server = await startTestServer();
  try {
    const org = await createOrganization(server.api);
    const user = await createUser(server.api, org);
    const token = await createToken(server.api, org, user, { description: 'x', max_age_seconds: 600, extend_when_used: true });
    const store = server.tessera.context.store;
    const t = Date.parse(token.create_time);
    const use = (at: number) => ({ tokenPrefix: token.token_prefix, usedAt: at, ip: `10.0.0.${at % 200}`, userAgent: 'a', userAgentHumanReadable: 'a', expiryTime: at + 600_000 });
    assert.equal(await store.recordUses([use(t + 5000)]), 1);
    assert.equal(await store.recordUses([use(t + 3000)]), 0, 'a slower writer with an older use changes nothing');
    const [stored] = (await store.listTokens(user)).filter((r) => r.tokenPrefix === token.token_prefix);
    assert.equal(stored.lastUsedTime, t + 5000);
    assert.equal(stored.expiryTime, t + 5000 + 600_000);
    assert.equal(stored.lastIp, use(t + 5000).ip);
  } finally {
    await server.close();
    database.cleanup();
  }
});

test('a clean shutdown (SIGTERM) flushes pending last-use records', async () => {
  const database = testDatabase();
  const location = database.location;
  // a flush interval far longer than the test: only the shutdown flush can write
  const tessera = await startTessera({ database: location, env: { TESSERA_LAST_USE_FLUSH_MS: '600000' } });
  let user: string;
  let prefix: string;
  try {
    const api = apiCaller(tessera.url, tessera.adminToken);
    const org = await createOrganization(api);
    user = await createUser(api, org);
    const token = await createToken(api, org, user);
    prefix = token.token_prefix;
    const me = await api('GET', '/v1/me', { token: token.full_token, headers: { 'user-agent': 'curl/8.5.0' } });
    assert.equal(me.status, 200);
    const store = await openStore(location);
    const before = (await store.listTokens(user)).find((t) => t.tokenPrefix === prefix)!;
    await store.close();
    assert.equal(before.lastUsedTime, null, 'not written yet while running');
  } finally {
    await tessera.stop();
  }
  const store = await openStore(location);
  try {
    const after = (await store.listTokens(user!)).find((t) => t.tokenPrefix === prefix!)!;
    assert.ok(after.lastUsedTime !== null && Date.now() - after.lastUsedTime < 30_000, 'written on shutdown');
    assert.equal(after.lastUserAgentHumanReadable, 'curl 8.5.0');
    assert.equal(after.lastIp, '127.0.0.1');
  } finally {
    await store.close();
    database.cleanup();
  }
});
