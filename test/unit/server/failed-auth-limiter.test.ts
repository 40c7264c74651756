import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FailedAuthLimiter, limiterKey } from '../../../src/server/auth/failed-auth-limiter.js';

test('an address is limited after `limit` failures until its window ends; others are not', () => {
  const limiter = new FailedAuthLimiter(3, 60_000);
  const t = 1_000_000;
  for (let i = 0; i < 3; i++) {
    assert.equal(limiter.isLimited('10.0.0.1', t + i), false);
    limiter.recordFailure('10.0.0.1', undefined, t + i);
  }
  assert.equal(limiter.isLimited('10.0.0.1', t + 10), true);
  assert.equal(limiter.isLimited('10.0.0.2', t + 10), false);
  assert.equal(limiter.retryAfterSeconds('10.0.0.1', undefined, t + 10), 60);
  assert.equal(limiter.isLimited('10.0.0.1', t + 60_000), false, 'a new window starts clean');
});

test('a limited address still gets one lookup a second for tokens never seen; a failing prefix gets none', () => {
  const limiter = new FailedAuthLimiter(2, 60_000);
  limiter.recordFailure('10.0.0.1', 'tsr_revoked01', 0);
  limiter.recordFailure('10.0.0.1', 'tsr_revoked01', 1);
  assert.equal(limiter.isLimited('10.0.0.1', 2), true);
  assert.equal(limiter.mayLookUp('10.0.0.1', 'tsr_revoked01', 5000), false, 'the failing token itself');
  assert.equal(limiter.mayLookUp('10.0.0.1', 'tsr_another01', 5000), true, 'another token: one lookup');
  assert.equal(limiter.mayLookUp('10.0.0.1', 'tsr_another02', 5500), false, 'not twice in a second');
  assert.equal(limiter.mayLookUp('10.0.0.1', 'tsr_another02', 6000), true);
  assert.equal(limiter.mayLookUp('10.0.0.2', 'tsr_revoked01', 6000), true, 'the prefix is limited per address');
});

test('limit 0 disables limiting', () => {
  const limiter = new FailedAuthLimiter(0);
  for (let i = 0; i < 100; i++) limiter.recordFailure('a', 'p', i);
  assert.equal(limiter.isLimited('a', 100), false);
  assert.equal(limiter.mayLookUp('a', 'p', 100), true);
});

test('memory is bounded and a full table keeps limiting: the least recently seen address is evicted', () => {
  const limiter = new FailedAuthLimiter(1, 60_000, 2);
  limiter.recordFailure('a', undefined, 0);
  limiter.recordFailure('b', undefined, 0);
  limiter.recordFailure('c', undefined, 0);
  assert.deepEqual(limiter.size, { addresses: 2, tokens: 0 });
  assert.equal(limiter.isLimited('a', 1), false, 'evicted');
  assert.equal(limiter.isLimited('b', 1), true);
  assert.equal(limiter.isLimited('c', 1), true, 'a new address is counted in a full table');
});

test('IPv6 addresses count by their /64', () => {
  assert.equal(limiterKey('2001:db8:1:2::1'), limiterKey('2001:db8:1:2:ffff:1:2:3'));
  assert.equal(limiterKey('2001:0db8:0001:0002:0000:0000:0000:0001'), '2001:db8:1:2::/64');
  assert.notEqual(limiterKey('2001:db8:1:2::1'), limiterKey('2001:db8:1:3::1'));
  assert.equal(limiterKey('::1'), '0:0:0:0::/64');
  assert.equal(limiterKey('fe80::1%eth0'), 'fe80:0:0:0::/64');
  assert.equal(limiterKey('203.0.113.9'), '203.0.113.9');
});

test('lookups of never-seen tokens from limited addresses share a budget a second, whatever the number of addresses', () => {
  const limiter = new FailedAuthLimiter(1, 60_000, 100_000, 1000, 3);
  const addresses = Array.from({ length: 50 }, (_, i) => `10.0.${i >> 8}.${i & 255}`);
  for (const ip of addresses) limiter.recordFailure(ip, undefined, 0);
  const allowedIn = (second: number) =>
    addresses.filter((ip, i) => limiter.mayLookUp(ip, `tsr_flood${second}_${i}`, second * 1000 + i)).length;
  assert.equal(allowedIn(1), 3, 'the shared budget, not one per address');
  assert.equal(allowedIn(2), 3, 'again the next second');
  // a flood from 50 limited addresses for a minute costs 3 lookups a second, not 50
  let total = 0;
  for (let second = 3; second < 60; second++) total += allowedIn(second);
  assert.equal(total, 57 * 3);
});

test('a refusal for the shared budget does not spend the address’s own turn; addresses not limited never wait for it', () => {
  const limiter = new FailedAuthLimiter(1, 60_000, 100_000, 1000, 1);
  limiter.recordFailure('10.0.0.1', undefined, 0);
  limiter.recordFailure('10.0.0.2', undefined, 0);
  assert.equal(limiter.mayLookUp('10.0.0.1', 'tsr_a', 5000), true, 'spends the budget of this second');
  assert.equal(limiter.mayLookUp('10.0.0.2', 'tsr_b', 5100), false, 'the budget is spent');
  assert.equal(limiter.mayLookUp('10.0.0.9', 'tsr_c', 5200), true, 'an address that is not limited is looked up as always');
  assert.equal(limiter.mayLookUp('10.0.0.2', 'tsr_b', 6000), true, 'the next second: its turn was not spent by the refusal');
  assert.equal(limiter.mayLookUp('10.0.0.1', 'tsr_d', 6100), false, 'the budget of this second is spent again');
});
