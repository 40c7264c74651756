// Tokens record who created them (issue 15, item 7): created_by is 'admin' or the creating application
// user's id, created_by_token_prefix the creating token's prefix, shown in listings, so a super-admin
// minting a token for another user of its organization is visible. Stored (migration 3), so it
// survives the verification cache and a restart.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createOrganization, createToken, createUser, startTestServer, tokensPath, type TestServer } from './support/test-server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

test('listings show who created each token and with which token', async () => {
  const org = await createOrganization(server.api);
  const boss = await createUser(server.api, org, 'boss', true);
  const worker = await createUser(server.api, org, 'worker');
  const bossToken = await createToken(server.api, org, boss, { description: 'boss' });
  const minted = await createToken(server.api, org, worker, { description: 'minted by the boss' }, bossToken.full_token);
  assert.equal(minted.created_by, boss);
  assert.equal(minted.created_by_token_prefix, bossToken.token_prefix);

  const adminPrefix = (await server.api('GET', '/v1/me')).body.user.token_prefix;
  const tokens = (await server.api('GET', tokensPath(org, worker))).body.tokens;
  assert.deepEqual(
    tokens.map((t: any) => [t.description, t.created_by, t.created_by_token_prefix]),
    [['minted by the boss', boss, bossToken.token_prefix]],
  );
  const bossTokens = (await server.api('GET', tokensPath(org, boss))).body.tokens;
  assert.deepEqual(bossTokens.map((t: any) => [t.created_by, t.created_by_token_prefix]), [['admin', adminPrefix]]);

  // the record is in the database, not only in this node's memory
  const stored = await server.tessera.context.store.listTokens(worker);
  assert.equal(stored[0].createdBy, boss);
  assert.equal(stored[0].createdByTokenPrefix, bossToken.token_prefix);
});
