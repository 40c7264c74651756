import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FailedAuthLimiter } from '../../../src/server/auth/failed-auth-limiter.js';

test('an address is blocked after `limit` failures until the window ends; others are not', () => {
  const limiter = new FailedAuthLimiter(3, 60_000);
  const t = 1_000_000;
  for (let i = 0; i < 3; i++) {
    assert.equal(limiter.isBlocked('10.0.0.1', t + i), false);
    limiter.recordFailure('10.0.0.1', t + i);
  }
  assert.equal(limiter.isBlocked('10.0.0.1', t + 10), true);
  assert.equal(limiter.isBlocked('10.0.0.2', t + 10), false);
  assert.equal(limiter.retryAfterSeconds(t + 10), 60);
  assert.equal(limiter.isBlocked('10.0.0.1', t + 60_000), false, 'a new window starts clean');
});

test('limit 0 disables limiting', () => {
  const limiter = new FailedAuthLimiter(0);
  for (let i = 0; i < 100; i++) limiter.recordFailure('a', i);
  assert.equal(limiter.isBlocked('a', 100), false);
});

test('memory is bounded: beyond maxAddresses new addresses are not tracked', () => {
  const limiter = new FailedAuthLimiter(1, 60_000, 2);
  limiter.recordFailure('a', 0);
  limiter.recordFailure('b', 0);
  limiter.recordFailure('c', 0);
  assert.equal(limiter.isBlocked('a', 1), true);
  assert.equal(limiter.isBlocked('c', 1), false);
});
