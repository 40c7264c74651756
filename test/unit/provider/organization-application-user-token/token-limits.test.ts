import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkDescription,
  checkIpAllowlist,
  checkMaxAgeSeconds,
  checkScopes,
  isCidr,
} from '../../../../src/provider/resources/organization-application-user-token/token-limits.js';

test('max_age_seconds must be a whole number within 600..315360000', () => {
  assert.deepEqual(checkMaxAgeSeconds(600), []);
  assert.deepEqual(checkMaxAgeSeconds(315360000), []);
  for (const bad of [599, 315360001, 600.5, 0]) {
    const [problem] = checkMaxAgeSeconds(bad);
    assert.equal(problem.attribute, 'max_age_seconds');
    assert.match(problem.detail, new RegExp(`got ${bad}`));
  }
});

test('description is limited to 1000 characters, scopes to 100 items', () => {
  assert.deepEqual(checkDescription('x'.repeat(1000)), []);
  assert.equal(checkDescription('x'.repeat(1001))[0].attribute, 'description');
  assert.deepEqual(checkScopes(Array.from({ length: 100 }, (_, i) => `x-s${i}`)), []);
  assert.match(checkScopes(Array.from({ length: 101 }, (_, i) => `x-s${i}`))[0].detail, /at most 100 items, got 101/);
});

test('ip_allowlist entries must be addresses or CIDR ranges', () => {
  for (const good of ['10.0.0.0/8', '198.51.100.7', '2001:db8::/32', '::1', '0.0.0.0/0']) assert.ok(isCidr(good), good);
  for (const bad of ['10.0.0.0/33', '300.1.1.1', 'example.com', '10.0.0.0/', '2001:db8::/129', '1.2.3.4/x']) {
    assert.ok(!isCidr(bad), bad);
  }
  const problems = checkIpAllowlist(['10.0.0.0/8', 'nope']);
  assert.equal(problems.length, 1);
  assert.match(problems[0].detail, /"nope" is not an IP address or CIDR range/);
});
