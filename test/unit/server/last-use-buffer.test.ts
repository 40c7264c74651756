// LastUseBuffer against a real (in-memory SQLite) store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteStore } from '../../../src/store/sqlite.js';
import { LastUseBuffer } from '../../../src/server/auth/last-use-buffer.js';
import { generateToken, tokenPrefixOf } from '../../../src/domain/token-format.js';
import { tokenDigest } from '../../../src/domain/token-digest.js';

async function storeWithToken() {
  const store = openSqliteStore(':memory:');
  await store.migrate();
  await store.createOrganization({ organizationId: 'org1', accountId: 'a1', name: 'o', tier: 'business', createTime: 0, updateTime: 0 });
  await store.createUser({ userId: 'u1', organizationId: 'org1', name: 'u', userEmail: 'e', isSuperAdmin: false, createTime: 0 });
  const token = generateToken();
  const prefix = tokenPrefixOf(token);
  await store.createToken({
    digest: tokenDigest(token),
    token: {
      tokenPrefix: prefix, kind: 'application_user', userId: 'u1', organizationId: 'org1', description: '', createTime: 0,
      createdManually: true, maxAgeSeconds: 600, requestedMaxAgeSeconds: 600, extendWhenUsed: true, expiryTime: 600_000, lastUsedTime: null, lastIp: null,
      lastUserAgent: null, lastUserAgentHumanReadable: null, scopes: null, ipAllowlist: null, rotatedTo: null,
    },
  });
  return { store, prefix };
}

test('many uses of one token between flushes are one write of the latest', async () => {
  const { store, prefix } = await storeWithToken();
  const buffer = new LastUseBuffer(store);
  for (let i = 1; i <= 500; i++) {
    buffer.record({ tokenPrefix: prefix, usedAt: i * 10, ip: `10.0.0.${i % 250}`, userAgent: `ua${i}`, userAgentHumanReadable: null, expiryTime: i * 10 + 600_000 });
  }
  assert.equal(buffer.pendingCount, 1);
  await buffer.flush();
  assert.equal(buffer.writes, 1);
  assert.equal(buffer.pendingCount, 0);
  const [stored] = await store.listTokens('u1');
  assert.equal(stored.lastUsedTime, 5000);
  assert.equal(stored.lastUserAgent, 'ua500');
  assert.equal(stored.expiryTime, 605_000);
  await buffer.flush();
  assert.equal(buffer.writes, 1, 'nothing pending, nothing written');
  await buffer.close();
  await store.close();
});

test('a failed flush keeps the uses for the next attempt', async () => {
  const { store, prefix } = await storeWithToken();
  const errors: unknown[] = [];
  const buffer = new LastUseBuffer(store, { onFlushError: (e) => errors.push(e) });
  buffer.record({ tokenPrefix: prefix, usedAt: 1, ip: '1.1.1.1', userAgent: null, userAgentHumanReadable: null });
  await store.close(); // the database goes away
  await buffer.flush();
  assert.equal(errors.length, 1);
  assert.equal(buffer.pendingCount, 1, 'kept for retry');
});

test('recordUse updates a pending record in place, and never one a flush is writing', async () => {
  const { store, prefix } = await storeWithToken();
  const buffer = new LastUseBuffer(store);
  const first = buffer.recordUse(prefix, 10, '10.0.0.1', 'ua1', null, 600_010);
  const again = buffer.recordUse(prefix, 20, '10.0.0.2', 'ua2', 'UA 2', 600_020);
  assert.equal(again, first, 'the pending record, updated');
  assert.deepEqual(buffer.pendingFor(prefix), { tokenPrefix: prefix, usedAt: 20, ip: '10.0.0.2', userAgent: 'ua2', userAgentHumanReadable: 'UA 2', expiryTime: 600_020 });
  // the store reads the batch after flush() returned (asynchronously): uses meanwhile must not change it
  let written: unknown;
  const recordUses = store.recordUses.bind(store);
  store.recordUses = async (uses, sightings) => {
    await new Promise((resolve) => setTimeout(resolve, 10));
    written = structuredClone(uses);
    return recordUses(uses, sightings);
  };
  const flushing = buffer.flush();
  const during = buffer.recordUse(prefix, 30, '10.0.0.3', 'ua3', null, undefined);
  assert.notEqual(during, first, 'a new record while the old one is being written');
  await flushing;
  assert.deepEqual(written, [{ tokenPrefix: prefix, usedAt: 20, ip: '10.0.0.2', userAgent: 'ua2', userAgentHumanReadable: 'UA 2', expiryTime: 600_020 }]);
  assert.equal(buffer.pendingFor(prefix)?.usedAt, 30);
  await buffer.close();
  const [stored] = await store.listTokens('u1');
  assert.equal(stored.lastUsedTime, 30);
  await store.close();
});
