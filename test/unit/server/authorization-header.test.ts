import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenFromAuthorizationHeader } from '../../../src/server/auth/authorization-header.js';

test('aivenv1 and Bearer, any case; the token is trimmed', () => {
  assert.deepEqual(tokenFromAuthorizationHeader('aivenv1 abc'), { ok: true, token: 'abc' });
  assert.deepEqual(tokenFromAuthorizationHeader('Bearer abc '), { ok: true, token: 'abc' });
  assert.deepEqual(tokenFromAuthorizationHeader('AIVENV1 abc'), { ok: true, token: 'abc' });
});

test('missing or other schemes are reported as such', () => {
  assert.deepEqual(tokenFromAuthorizationHeader(undefined), { ok: false, reason: 'missing' });
  assert.deepEqual(tokenFromAuthorizationHeader(''), { ok: false, reason: 'missing' });
  assert.deepEqual(tokenFromAuthorizationHeader('aivenv1 '), { ok: false, reason: 'missing' });
  assert.deepEqual(tokenFromAuthorizationHeader('Basic abc'), { ok: false, reason: 'bad_scheme' });
  assert.deepEqual(tokenFromAuthorizationHeader('abc'), { ok: false, reason: 'bad_scheme' });
});
