// TESSERA_CACHE_MAX_ENTRIES (cacheMaxEntries) bounds the verification cache of a running server: with more
// tokens in use than the bound, the cache stays at the bound (/metrics) and every token still
// authenticates (evicted ones are read again from the database).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createOrganization, createToken, createUser, startTestServer } from './support/test-server.js';

test('the verification cache stays within cacheMaxEntries while more tokens are in use', async () => {
  const server = await startTestServer({ cacheMaxEntries: 5 });
  try {
    const org = await createOrganization(server.api);
    const user = await createUser(server.api, org);
    const tokens: string[] = [];
    for (let i = 0; i < 12; i++) tokens.push((await createToken(server.api, org, user, { description: `t${i}` })).full_token);
    for (let round = 0; round < 2; round++) {
      for (const token of tokens) assert.equal((await server.api('GET', '/v1/me', { token })).status, 200);
    }
    const metrics = (await server.api('GET', '/metrics', { token: null })).text;
    const entries = Number(/^tessera_verification_cache_entries (\d+)$/m.exec(metrics)?.[1]);
    assert.ok(entries >= 1 && entries <= 5, `cache entries ${entries}`);
    const lookups = Number(/^tessera_token_database_lookups_total\{result="found"\} (\d+)$/m.exec(metrics)?.[1]);
    assert.ok(lookups >= 24, `evicted tokens were read again from the database (${lookups} lookups)`);
  } finally {
    await server.close();
  }
});
