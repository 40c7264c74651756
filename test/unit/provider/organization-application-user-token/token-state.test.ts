// How a listed token fills the resource's state: unset scopes/ip_allowlist stay null, [] stays [],
// an imported token takes the server's values (null included), state written by older provider
// versions (which stored unset as []) is corrected from the server, and max_age_seconds fits an API
// that echoes null as well as one that echoes a number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApplicationUserToken } from '../../../../src/client/index.js';
import { tokenStateFromApi, type TokenState } from '../../../../src/provider/resources/organization-application-user-token/token-state.js';

const listed = (over: Partial<ApplicationUserToken> = {}): ApplicationUserToken => ({
  token_prefix: 'tsr_AAAAAAAAAA',
  description: 'd',
  create_time: '2026-01-01T00:00:00Z',
  created_manually: true,
  currently_active: false,
  max_age_seconds: null,
  extend_when_used: false,
  expiry_time: '2026-01-01T10:00:00Z',
  last_used_time: null,
  last_ip: null,
  last_user_agent: null,
  last_user_agent_human_readable: null,
  scopes: null,
  ip_allowlist: null,
  ...over,
});

const state = (over: Partial<TokenState> = {}): TokenState => ({
  id: 'org1/u1/tsr_AAAAAAAAAA',
  organization_id: 'org1',
  user_id: 'u1',
  description: null,
  extend_when_used: null,
  max_age_seconds: null,
  scopes: null,
  ip_allowlist: null,
  timeouts: null,
  create_time: null,
  created_manually: null,
  currently_active: null,
  expiry_time: null,
  full_token: null,
  last_ip: null,
  last_used_time: null,
  last_user_agent: null,
  last_user_agent_human_readable: null,
  token_prefix: 'tsr_AAAAAAAAAA',
  ...over,
});

test('after create, scopes and ip_allowlist are exactly what the plan said, whatever the server lists', () => {
  const planned = state({ full_token: 'secret' });
  assert.equal(tokenStateFromApi(planned, listed({ scopes: [] }), true).scopes, null);
  assert.deepEqual(tokenStateFromApi(state({ scopes: [], ip_allowlist: [] }), listed(), true).ip_allowlist, []);
});

test('an imported token (never read) takes the server values, null included', () => {
  const imported = state();
  assert.equal(tokenStateFromApi(imported, listed()).scopes, null);
  assert.deepEqual(tokenStateFromApi(imported, listed({ scopes: [], ip_allowlist: [] })).scopes, []);
  assert.deepEqual(tokenStateFromApi(imported, listed({ scopes: ['accounts:read'] })).scopes, ['accounts:read']);
  assert.equal(tokenStateFromApi(imported, listed({ max_age_seconds: 0 })).max_age_seconds, 0);
});

test('a refresh keeps the state; [] written for unset by older versions becomes null when the server says unset', () => {
  const read = { create_time: '2026-01-01T00:00:00Z' };
  assert.deepEqual(tokenStateFromApi(state({ ...read, scopes: [] }), listed({ scopes: [] })).scopes, []);
  assert.equal(tokenStateFromApi(state({ ...read, scopes: [], ip_allowlist: [] }), listed()).scopes, null);
  assert.equal(tokenStateFromApi(state({ ...read, scopes: [], ip_allowlist: [] }), listed()).ip_allowlist, null);
  assert.equal(tokenStateFromApi(state({ ...read }), listed({ scopes: [] })).scopes, null, 'null in state is never filled later');
});

test('max_age_seconds: an API echoing null keeps null, one echoing its default fills the number', () => {
  assert.equal(tokenStateFromApi(state(), listed({ max_age_seconds: null }), true).max_age_seconds, null);
  assert.equal(tokenStateFromApi(state(), listed({ max_age_seconds: 36000 }), true).max_age_seconds, 36000);
  assert.equal(tokenStateFromApi(state({ max_age_seconds: 900 }), listed({ max_age_seconds: 900 })).max_age_seconds, 900);
});
