import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expiryAfterUse, initialExpiry, isExpired } from '../../../src/domain/expiry.js';

const t0 = Date.parse('2026-01-01T00:00:00Z');

test('expiry is create time + max age; 0 means never', () => {
  assert.equal(initialExpiry(t0, 600), t0 + 600_000);
  assert.equal(initialExpiry(t0, 0), null);
});

test('with extend_when_used a use moves expiry to use + max age; never backwards', () => {
  const token = { expiryTime: t0 + 600_000, maxAgeSeconds: 600, extendWhenUsed: true };
  assert.equal(expiryAfterUse(token, t0 + 300_000), t0 + 900_000);
  assert.equal(expiryAfterUse({ ...token, expiryTime: t0 + 2_000_000 }, t0 + 300_000), t0 + 2_000_000);
});

test('without extend_when_used expiry is fixed', () => {
  const token = { expiryTime: t0 + 600_000, maxAgeSeconds: 600, extendWhenUsed: false };
  assert.equal(expiryAfterUse(token, t0 + 300_000), t0 + 600_000);
});

test('a token is expired from its expiry instant on; a null expiry never expires', () => {
  assert.equal(isExpired(t0, t0 - 1), false);
  assert.equal(isExpired(t0, t0), true);
  assert.equal(isExpired(null, Number.MAX_SAFE_INTEGER), false);
});
