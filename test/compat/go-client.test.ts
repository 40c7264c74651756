// Aiven's Go client (github.com/aiven/go-client-codegen, pinned in test/compat/go-client/go.mod) drives
// every operation Tessera serves: test/compat/go-client/main.go checks every decoded answer, and missing
// objects with the client's own IsNotFound. The Go toolchain is required: without it this test fails.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, startTessera, type RunningTessera } from '../support/tessera.js';

const programDir = join(REPO_ROOT, 'test', 'compat', 'go-client');
let tessera: RunningTessera;
let buildDir: string;

before(async () => {
  tessera = await startTessera();
  buildDir = mkdtempSync(join(tmpdir(), 'tessera-go-client-'));
});
after(async () => {
  await tessera?.stop();
  if (buildDir) rmSync(buildDir, { recursive: true, force: true });
});

function run(command: string, args: string[], env: Record<string, string>, cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (output += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (output += c));
    child.on('error', (error) => reject(new Error(`cannot run ${command} (the compat suite needs the Go toolchain): ${error.message}`)));
    child.on('close', (code) => resolve({ code, output }));
  });
}

test("Aiven's Go client: every operation, every decoded value, IsNotFound for any id spelling", async () => {
  // go.sum is committed and checked (-mod=readonly): the client is exactly the pinned version
  const binary = join(buildDir, 'go-client');
  const build = await run('nice', ['go', 'build', '-mod=readonly', '-o', binary, '.'], {}, programDir);
  assert.equal(build.code, 0, `go build failed:\n${build.output}`);

  const env: Record<string, string> = { AIVEN_WEB_URL: tessera.url, AIVEN_TOKEN: tessera.adminToken, AIVEN_CLIENT_RETRY_MAX: '0' };
  const result = await run(binary, [], env, buildDir);
  assert.equal(result.code, 0, `the Go client's checks failed:\n${result.output}`);
  assert.match(result.output, /all checks passed/);
  const checks = result.output.split('\n').filter((line) => line.startsWith('ok: '));
  assert.ok(checks.length >= 58, `every check ran (${checks.length})`);
  for (const operation of [
    'UserOrganizationCreate', 'UserOrganizationsList', 'OrganizationGet', 'OrganizationUpdate', 'OrganizationDelete',
    'AccountCreate', 'AccountGet', 'AccountUpdate', 'AccountList', 'AccountDelete',
    'ApplicationUserCreate', 'ApplicationUsersList', 'ApplicationUserGet', 'ApplicationUserUpdate', 'ApplicationUserDelete',
    'ApplicationUserAccessTokenCreate', 'ApplicationUserAccessTokensList', 'ApplicationUserAccessTokenDelete', 'UserInfo',
  ]) {
    assert.ok(checks.some((line) => line.startsWith(`ok: ${operation}`)), `${operation} was exercised`);
  }
});
