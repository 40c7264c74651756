import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findInvalidScope, isValidScope, scopesCover } from '../../../src/domain/scopes.js';

test('Aiven scope names are valid, with or without :read/:write', () => {
  for (const scope of ['all', 'accounts', 'accounts:read', 'accounts:write', 'user:read', 'authentication', 'billing:write', 'static_ips', 'scim:read', 'tickets']) {
    assert.ok(isValidScope(scope), scope);
  }
});

test('namespaced custom scopes are valid; anything else is not', () => {
  for (const scope of ['x-deploy', 'x-deploy:write', 'inventory.example:read', 'a.b.c:write']) assert.ok(isValidScope(scope), scope);
  for (const scope of ['', 'Accounts', 'accounts:admin', 'deploy', 'x-', 'X-deploy', 'inventory.example', `x-${'a'.repeat(64)}`, 'x-de ploy']) {
    assert.ok(!isValidScope(scope), scope);
  }
  assert.equal(findInvalidScope(['accounts', 'nope', 'x-ok']), 'nope');
  assert.equal(findInvalidScope(['accounts']), undefined);
});

test('no scopes = unrestricted; write implies read; the family and all cover both', () => {
  assert.ok(scopesCover(null, 'accounts:write'));
  assert.ok(scopesCover(['accounts:write'], 'accounts:read'));
  assert.ok(!scopesCover(['accounts:read'], 'accounts:write'));
  assert.ok(scopesCover(['accounts'], 'accounts:write'));
  assert.ok(scopesCover(['all'], 'authentication'));
  assert.ok(scopesCover(['user'], 'user:read'));
  assert.ok(!scopesCover(['user:read'], 'accounts:read'));
  assert.ok(!scopesCover([], 'user:read'));
  assert.ok(scopesCover(['authentication'], 'authentication'));
});

test('a scoped token may create only tokens no broader than itself', async () => {
  const { scopeBeyond } = await import('../../../src/domain/scopes.js');
  assert.equal(scopeBeyond(null, null), undefined, 'unrestricted creators may do anything');
  assert.equal(scopeBeyond(['projects'], ['all']), undefined);
  assert.equal(scopeBeyond(null, ['accounts:write']), 'all', 'an unrestricted token is broader');
  assert.equal(scopeBeyond(['accounts:read'], ['accounts:write']), undefined);
  assert.equal(scopeBeyond(['accounts:write', 'user:read'], ['accounts']), 'user:read');
  assert.equal(scopeBeyond(['x-deploy'], ['accounts', 'x-deploy']), undefined);
  assert.equal(scopeBeyond(['accounts'], ['accounts:write']), 'accounts');
  assert.equal(scopeBeyond([], ['accounts:write']), undefined);
});
