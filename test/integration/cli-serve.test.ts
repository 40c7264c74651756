// The real `bin/tessera serve` process through test/support/tessera.ts: bootstrap admin token,
// a full round of organization → user → token → authenticated call, and clean shutdown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTessera } from '../support/tessera.js';
import { apiCaller, createOrganization, createToken, createUser, testDatabase } from './support/test-server.js';

test('bin/tessera serve: bootstrap token works, tokens authenticate, SIGTERM exits 0', async () => {
  const tessera = await startTessera();
  try {
    assert.match(tessera.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const api = apiCaller(tessera.url, tessera.adminToken);
    const me = await api('GET', '/v1/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.user.kind, 'instance_admin');

    const org = await createOrganization(api);
    const user = await createUser(api, org);
    const token = await createToken(api, org, user, { description: 'cli test' });
    const asUser = await api('GET', '/v1/me', { token: token.full_token });
    assert.equal(asUser.status, 200);
    assert.equal(asUser.body.user.user_id, user);

    const noAuth = await api('GET', '/v1/me', { token: null });
    assert.equal(noAuth.status, 401);
  } finally {
    await tessera.stop();
  }
  assert.equal(await tessera.exited, 0);
  assert.match(tessera.output(), /"msg":"tessera stopped"/);
});

test('a malformed TESSERA_BOOTSTRAP_TOKEN refuses to start, saying how to make one', async () => {
  await assert.rejects(
    startTessera({ env: { TESSERA_BOOTSTRAP_TOKEN: 'my-admin-password-123' }, timeoutMs: 10_000 }),
    /TESSERA_BOOTSTRAP_TOKEN is not a Tessera token.*tessera token generate/s,
  );
});

test('without TESSERA_BOOTSTRAP_TOKEN the first start prints a generated admin token once (stderr), not in the JSON log', async () => {
  const { spawn } = await import('node:child_process');
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { TESSERA_BIN, REPO_ROOT } = await import('../support/tessera.js');
  const dir = mkdtempSync(join(tmpdir(), 'tessera-first-'));
  const env = { ...process.env };
  delete env.TESSERA_BOOTSTRAP_TOKEN;
  const run = () =>
    new Promise<{ stdout: string; stderr: string; url: string; token?: string }>((resolve, reject) => {
      const child = spawn(TESSERA_BIN, ['serve', '--port', '0', '--database', join(dir, 't.db')], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (c) => (stderr += c));
      child.stdout.on('data', (c) => {
        stdout += c;
        const match = /"url":"([^"]+)".*"msg":"tessera listening"/.exec(stdout);
        if (match) {
          child.kill('SIGTERM');
          // stderr is another pipe: read it once both pipes are closed, not when stdout says "listening"
          child.on('close', () => resolve({ stdout, stderr, url: match[1], token: /\n {2}(tsr_[0-9A-Za-z]{49})\n/.exec(stderr)?.[1] }));
        }
      });
      child.on('error', reject);
      setTimeout(() => reject(new Error(`no start: ${stdout}${stderr}`)), 15_000).unref();
    });
  try {
    const first = await run();
    assert.ok(first.token, `first start shows the token: ${first.stderr}`);
    assert.ok(!first.stdout.includes(first.token!), 'the token is not in the JSON log on stdout');
    const second = await run();
    assert.equal(second.token, undefined, 'second start prints nothing');
    assert.doesNotMatch(second.stderr, /tsr_/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('restarting with a new TESSERA_BOOTSTRAP_TOKEN rotates the admin token: the old one stops working', async () => {
  const database = testDatabase();
  try {
    const first = await startTessera({ database: database.location });
    const org = await createOrganization(apiCaller(first.url, first.adminToken), 'survives');
    await first.stop();
    const second = await startTessera({ database: database.location });
    try {
      assert.notEqual(second.adminToken, first.adminToken);
      const oldAdmin = apiCaller(second.url, first.adminToken);
      assert.equal((await oldAdmin('GET', '/v1/me')).status, 401, 'the previous admin token is gone');
      const newAdmin = apiCaller(second.url, second.adminToken);
      assert.equal((await newAdmin('GET', `/v1/organization/${org}`)).status, 200, 'data survives the restart');
    } finally {
      await second.stop();
    }
  } finally {
    database.cleanup();
  }
});

test('the listening line is printed even at TESSERA_LOG_LEVEL=error, and request logs are not', async () => {
  const tessera = await startTessera({ env: { TESSERA_LOG_LEVEL: 'error' } });
  try {
    const api = apiCaller(tessera.url, tessera.adminToken);
    assert.equal((await api('GET', '/v1/me')).status, 200);
  } finally {
    await tessera.stop();
  }
  assert.match(tessera.output(), /"msg":"tessera listening"/);
  assert.doesNotMatch(tessera.output(), /request completed/);
});
