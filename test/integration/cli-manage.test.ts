// The management commands (`tessera org|user|token …`) against a running `bin/tessera serve`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startTessera, TESSERA_BIN, REPO_ROOT } from '../support/tessera.js';

const run = promisify(execFile);

test('org, user and token commands drive the service; errors are one line and exit 1', async () => {
  const tessera = await startTessera();
  const cli = async (...args: string[]) => {
    const { stdout } = await run(TESSERA_BIN, args, { cwd: REPO_ROOT, env: { ...process.env, TESSERA_URL: tessera.url, TESSERA_TOKEN: tessera.adminToken } });
    return stdout.trim() ? JSON.parse(stdout) : undefined;
  };
  try {
    const org = await cli('org', 'create', 'cli-org', '--tier', 'personal');
    assert.equal(org.organization_name, 'cli-org');
    assert.equal(org.tier, 'personal');
    assert.ok((await cli('org', 'list')).some((o: any) => o.organization_id === org.organization_id));
    assert.equal((await cli('org', 'rename', org.organization_id, 'renamed')).organization_name, 'renamed');

    const user = await cli('user', 'create', org.organization_id, 'bot', '--super-admin');
    assert.equal(user.is_super_admin, true);
    assert.equal((await cli('user', 'list', org.organization_id)).length, 1);

    const token = await cli(
      'token', 'create', org.organization_id, user.user_id, '--description', 'from the cli', '--max-age', '3600',
      '--extend-when-used', '--scope', 'accounts:read', '--scope', 'user:read', '--allow', '127.0.0.0/8',
    );
    assert.match(token.full_token, /^tsr_/);
    assert.deepEqual(token.scopes, ['accounts:read', 'user:read']);
    assert.deepEqual(token.ip_allowlist, ['127.0.0.0/8']);
    assert.equal(token.max_age_seconds, 3600);
    assert.equal(token.extend_when_used, true);
    const listed = await cli('token', 'list', org.organization_id, user.user_id);
    assert.deepEqual(listed.map((t: any) => t.token_prefix), [token.token_prefix]);
    assert.ok(!JSON.stringify(listed).includes(token.full_token));
    assert.equal(await cli('token', 'revoke', org.organization_id, user.user_id, token.token_prefix), undefined);
    assert.deepEqual(await cli('token', 'list', org.organization_id, user.user_id), []);

    await assert.rejects(cli('user', 'get', org.organization_id, 'u000000000000'), (error: Error & { code?: number; stderr?: string }) => {
      assert.equal(error.code, 1);
      assert.match(error.stderr ?? '', /^tessera: application user 'u000000000000' not found in this organization \(404 organization_user_not_found\)\n$/);
      return true;
    });
    await cli('org', 'delete', org.organization_id);
    assert.ok(!(await cli('org', 'list')).some((o: any) => o.organization_id === org.organization_id));
  } finally {
    await tessera.stop();
  }
});

test('without a token in the environment the commands say what to set', async () => {
  const env = { ...process.env };
  delete env.TESSERA_TOKEN;
  delete env.AIVEN_TOKEN;
  await assert.rejects(run(TESSERA_BIN, ['org', 'list'], { cwd: REPO_ROOT, env }), (error: Error & { stderr?: string }) => {
    assert.match(error.stderr ?? '', /set TESSERA_TOKEN \(or AIVEN_TOKEN\)/);
    return true;
  });
});
