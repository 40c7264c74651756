// Full tokens never appear in logs: run a whole scenario against the real `bin/tessera serve` at debug
// log level (every token issued, used, mistyped, introspected, revoked; errors on purpose), capture
// everything the process printed, and search it for every token (and every token's secret body).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTessera } from '../support/tessera.js';
import { apiCaller, createOrganization, createToken, createUser, tokensPath } from './support/test-server.js';

test('no token issued during a full scenario appears in the server output', async () => {
  const tessera = await startTessera({ env: { TESSERA_LOG_LEVEL: 'debug', TESSERA_AUTH_FAILURE_LIMIT: '5' } });
  const secrets: string[] = [tessera.adminToken];
  try {
    const admin = apiCaller(tessera.url, tessera.adminToken);
    const org = await createOrganization(admin, 'Logs Inc');
    const boss = await createUser(admin, org, 'boss', true);
    const bossToken = await createToken(admin, org, boss, { description: 'boss', extend_when_used: true, max_age_seconds: 36000 });
    secrets.push(bossToken.full_token);
    const api = apiCaller(tessera.url, bossToken.full_token);
    const worker = await createUser(api, org, 'worker');
    for (const body of [{ description: 'a' }, { description: 'b', scopes: ['user:read'] }, { description: 'c', ip_allowlist: ['10.0.0.0/8'] }]) {
      const token = await createToken(api, org, worker, body);
      secrets.push(token.full_token);
      await api('GET', '/v1/me', { token: token.full_token, headers: { 'user-agent': 'curl/8.5.0' } });
      await api('GET', '/v1/organizations', { token: token.full_token });
      await api('POST', '/v1/token/introspect', { body: { token: token.full_token } });
      await api('POST', '/v1/token/introspect', {
        rawBody: `token=${encodeURIComponent(token.full_token)}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      // mistyped (bad checksum) and in the wrong place (query string, bad JSON) on purpose
      await api('GET', '/v1/me', { token: token.full_token.slice(0, -1) + (token.full_token.endsWith('x') ? 'y' : 'x') });
      await api('GET', `/v1/me?token=${token.full_token}`, { token: null });
      await api('POST', '/v1/organizations', { rawBody: `{"organization_name": "${token.full_token}"`, headers: { 'content-type': 'application/json' } });
      await api('POST', tokensPath(org, worker), { body: { description: token.full_token, bogus: token.full_token } });
      await api('DELETE', `${tokensPath(org, worker)}/${token.token_prefix}`);
      await api('GET', '/v1/me', { token: token.full_token });
    }
    for (let i = 0; i < 7; i++) await api('GET', '/v1/me', { token: `tsr_${'x'.repeat(49)}` }); // into the 429s
    await api('DELETE', `/v1/organization/${org}/application-users/${worker}`);
  } finally {
    await tessera.stop();
  }
  const output = tessera.output();
  assert.match(output, /"msg":"request completed"/, 'the scenario was logged');
  assert.match(output, /"status":429/, 'rate limiting happened and was logged');
  assert.ok(output.split('\n').length > 40, 'a real amount of log output');
  for (const secret of secrets) {
    assert.ok(!output.includes(secret), `a full token (${secret.slice(0, 14)}…) appears in the output`);
    assert.ok(!output.includes(secret.slice(14)), `the secret part of ${secret.slice(0, 14)}… appears in the output`);
  }
});
