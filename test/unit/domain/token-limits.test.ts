import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkDescription,
  checkIpAllowlist,
  checkMaxAgeSeconds,
  checkName,
  checkScopes,
} from '../../../src/domain/token-limits.js';

test('max_age_seconds is 0 (never expires) or a whole number within 600..315360000', () => {
  for (const good of [0, 600, 315360000]) assert.deepEqual(checkMaxAgeSeconds(good), [], String(good));
  for (const bad of [599, 1, -1, 315360001, 600.5]) {
    const [problem] = checkMaxAgeSeconds(bad);
    assert.equal(problem.attribute, 'max_age_seconds');
    assert.match(problem.detail, new RegExp(`0 \\(never expires\\) or 600 to 315360000, got ${bad}`));
  }
});

test('description is limited to 1000 characters, scopes to 100 valid items', () => {
  assert.deepEqual(checkDescription('x'.repeat(1000)), []);
  assert.deepEqual(checkDescription('é'.repeat(1000)), [], 'characters, not bytes');
  assert.equal(checkDescription('x'.repeat(1001))[0].attribute, 'description');
  assert.deepEqual(checkScopes(Array.from({ length: 100 }, (_, i) => `x-s${i}`)), []);
  assert.match(checkScopes(Array.from({ length: 101 }, (_, i) => `x-s${i}`))[0].detail, /at most 100 items, got 101/);
  assert.deepEqual(checkScopes(['accounts:read', 'user:read', 'x-deploy', 'api.example:write', 'all']), []);
  const [bogus] = checkScopes(['bogus']);
  assert.equal(bogus.summary, 'Invalid scope');
  assert.match(bogus.detail, /"bogus" is not a valid scope; use an Aiven scope/);
  assert.equal(checkScopes(['']).length, 1);
});

test('ip_allowlist entries must be addresses or CIDR ranges', () => {
  assert.deepEqual(checkIpAllowlist(['10.0.0.0/8', '198.51.100.7', '2001:db8::/32', '::1', '0.0.0.0/0']), []);
  for (const bad of ['10.0.0.0/33', '300.1.1.1', 'example.com', '10.0.0.0/', '2001:db8::/129', '1.2.3.4/x']) {
    assert.equal(checkIpAllowlist([bad]).length, 1, bad);
  }
  const problems = checkIpAllowlist(['10.0.0.0/8', 'nope']);
  assert.equal(problems.length, 1);
  assert.match(problems[0].detail, /"nope" is not an IP address or CIDR range/);
});

test('names are 1 to 128 characters', () => {
  assert.deepEqual(checkName('a'), []);
  assert.deepEqual(checkName('a'.repeat(128)), []);
  assert.match(checkName('')[0].detail, /name must be 1 to 128 characters long, got 0/);
  assert.match(checkName('a'.repeat(129))[0].detail, /got 129/);
});
