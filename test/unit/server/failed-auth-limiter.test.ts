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
  assert.deepEqual(limiter.size, { addresses: 2, tokens: 0, vouched: 0 });
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
  // each address had a real user (a token accepted from it), so its paced lookups are not capped
  for (const ip of addresses) limiter.noteAccepted(ip, 0);
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

test('an address no token was accepted from gets `limit` lookups of never-seen tokens a window, counted as they start, then none', () => {
  const limiter = new FailedAuthLimiter(3, 60_000);
  // three lookups in flight at once (no failure recorded yet): the fourth is refused all the same
  for (let i = 0; i < 3; i++) assert.equal(limiter.mayLookUp('10.0.0.1', `tsr_made${i}`, 1000 + i), true);
  assert.equal(limiter.mayLookUp('10.0.0.1', 'tsr_made3', 1003), false, 'lookups in flight count');
  for (let i = 0; i < 3; i++) limiter.recordFailure('10.0.0.1', `tsr_made${i}`, 1010);
  // limited now, and its lookups are spent: no paced lookup either, for the rest of the window
  for (let t = 2000; t < 61_000; t += 1000) assert.equal(limiter.mayLookUp('10.0.0.1', `tsr_later${t}`, t), false, `at ${t} ms`);
  assert.equal(limiter.retryAfterSeconds('10.0.0.1', undefined, 2000), 59);
  assert.equal(limiter.mayLookUp('10.0.0.2', 'tsr_other', 2000), true, 'another address has its own lookups');
  assert.equal(limiter.mayLookUp('10.0.0.1', 'tsr_next', 61_000), true, 'a new window, new lookups');
});

test('a flood of made-up tokens from many addresses costs at most addresses × limit lookups a window', () => {
  const limit = 5;
  const limiter = new FailedAuthLimiter(limit, 60_000);
  const addresses = Array.from({ length: 200 }, (_, i) => `10.1.${i >> 8}.${i & 255}`);
  let lookups = 0;
  // 59 s of requests, 4 from each address a second, each with a new made-up token (a failure after
  // its lookup, 429 without one when refused)
  for (let t = 0; t < 59_000; t += 250) {
    for (const ip of addresses) {
      const prefix = `tsr_${t}_${ip}`;
      if (limiter.mayLookUp(ip, prefix, t)) lookups++;
      limiter.recordFailure(ip, prefix, t);
    }
  }
  assert.equal(lookups, addresses.length * limit);
});

test('an address a token was accepted from keeps its paced lookup however many lookups failed there', () => {
  const limiter = new FailedAuthLimiter(3, 60_000);
  limiter.noteAccepted('10.0.0.1', 0); // say, a token later revoked, used before its revocation
  for (let i = 0; i < 10; i++) {
    assert.equal(limiter.mayLookUp('10.0.0.1', `tsr_revoked${i}`, 10 + i), i < 3 || i === 3, `lookup ${i}`);
    limiter.recordFailure('10.0.0.1', `tsr_revoked${i}`, 10 + i);
  }
  assert.equal(limiter.isLimited('10.0.0.1', 100), true);
  // one lookup a second for a new token (a new valid token from this host gets in)
  assert.equal(limiter.mayLookUp('10.0.0.1', 'tsr_new', 1100), true);
  assert.equal(limiter.mayLookUp('10.0.0.1', 'tsr_new2', 1500), false, 'not twice in a second');
  assert.equal(limiter.mayLookUp('10.0.0.1', 'tsr_new2', 2200), true);
  // the vouch lasts a window from the last accepted token
  assert.equal(limiter.mayLookUp('10.0.0.1', 'tsr_new3', 59_900), true);
  assert.equal(limiter.mayLookUp('10.0.0.1', 'tsr_new4', 61_000), true, 'a new window for the address (its counters restart)');
});

test('an address limited by cheap failures (bad checksums, no lookups) still gets its paced lookup for a new token', () => {
  const limiter = new FailedAuthLimiter(3, 60_000);
  for (let i = 0; i < 30; i++) limiter.recordFailure('10.0.0.1', undefined, i);
  assert.equal(limiter.isLimited('10.0.0.1', 100), true);
  assert.equal(limiter.mayLookUp('10.0.0.1', 'tsr_fresh', 1000), true, 'no lookup was spent: a new token is looked up');
  assert.equal(limiter.mayLookUp('10.0.0.1', 'tsr_fresh2', 1500), false, 'paced');
  limiter.recordFailure('10.0.0.1', 'tsr_fresh', 1001);
  assert.equal(limiter.mayLookUp('10.0.0.1', 'tsr_fresh2', 2000), true);
  assert.equal(limiter.mayLookUp('10.0.0.1', 'tsr_fresh3', 3000), true);
  assert.equal(limiter.mayLookUp('10.0.0.1', 'tsr_fresh4', 4000), false, 'its `limit` lookups are spent, and no token was accepted here');
  limiter.noteAccepted('10.0.0.1', 4100);
  assert.equal(limiter.mayLookUp('10.0.0.1', 'tsr_fresh4', 5000), true, 'once a token is accepted here, paced lookups again');
});

test('the table of addresses tokens were accepted from is bounded: the least recently seen is evicted', () => {
  const limiter = new FailedAuthLimiter(1, 60_000, 2);
  limiter.noteAccepted('a', 0);
  limiter.noteAccepted('b', 0);
  limiter.noteAccepted('a', 2000); // seen again: now the most recent
  limiter.noteAccepted('c', 2000);
  assert.equal(limiter.size.vouched, 2);
  for (const ip of ['a', 'b', 'c']) limiter.recordFailure(ip, undefined, 2000);
  assert.equal(limiter.mayLookUp('a', 'tsr_1', 3000), true);
  assert.equal(limiter.mayLookUp('c', 'tsr_1', 3000), true);
  assert.equal(limiter.mayLookUp('b', 'tsr_1', 3000), true, 'b, evicted, has not spent its lookup');
  limiter.recordFailure('b', 'tsr_1', 3000);
  assert.equal(limiter.mayLookUp('b', 'tsr_2', 5000), false, 'and then counts its lookups like any address');
  assert.equal(limiter.mayLookUp('a', 'tsr_2', 5000), true);
});

test('a lookup that turns out valid does not start the address’s failure window', () => {
  const limiter = new FailedAuthLimiter(2, 60_000);
  assert.equal(limiter.mayLookUp('10.0.0.1', 'tsr_valid', 0), true);
  limiter.noteAccepted('10.0.0.1', 0);
  assert.deepEqual(limiter.size, { addresses: 0, tokens: 0, vouched: 1 });
  limiter.recordFailure('10.0.0.1', undefined, 30_000);
  limiter.recordFailure('10.0.0.1', undefined, 30_000);
  assert.equal(limiter.isLimited('10.0.0.1', 61_000), true, 'the window began with the first failure, at 30 s');
  assert.equal(limiter.retryAfterSeconds('10.0.0.1', undefined, 61_000), 29);
});
