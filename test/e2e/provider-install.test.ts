// `bin/tessera provider install`: the filesystem-mirror layout terraform reads, a launcher that runs
// this checkout's plugin, and the printed CLI-config snippets. (terraform init from this mirror is in
// organization-terraform.test.ts.) Needs `npm run build`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/terraform.js';
import { terraformTarget } from '../../src/cli/commands/provider-install.js';

const version = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version as string;

test('terraformTarget maps node platform names to terraform OS_ARCH', () => {
  assert.equal(terraformTarget('linux', 'x64'), 'linux_amd64');
  assert.equal(terraformTarget('darwin', 'arm64'), 'darwin_arm64');
  assert.equal(terraformTarget('win32', 'ia32'), 'windows_386');
});

test('installs HOSTNAME/NAMESPACE/TYPE/VERSION/TARGET/terraform-provider-aiven_vVERSION and prints the snippets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-install-'));
  try {
    const home = join(dir, 'home');
    // Default location: the user's plugin directory (HOME points at a temp folder here).
    const r = spawnSync(join(REPO_ROOT, 'bin', 'tessera'), ['provider', 'install'], { encoding: 'utf8', env: { ...process.env, HOME: home } });
    assert.equal(r.status, 0, r.stderr);
    const exe = join(home, '.terraform.d', 'plugins', 'registry.terraform.io', 'tessera', 'aiven', version, terraformTarget(), `terraform-provider-aiven_v${version}`);
    assert.ok(statSync(exe).mode & 0o111, 'executable');
    assert.match(readFileSync(exe, 'utf8'), new RegExp(`exec '${REPO_ROOT}/bin/terraform-provider-aiven' "\\$@"`));
    assert.match(r.stdout, /filesystem_mirror \{\n\s+path\s+= ".*\.terraform\.d\/plugins"/);
    assert.match(r.stdout, /dev_overrides \{\n\s+"registry\.terraform\.io\/tessera\/aiven" = ".*\/bin"/);
    assert.match(r.stdout, /aiven = \{ source = "tessera\/aiven" \}/);

    // The launcher starts the real plugin: run by hand (no magic cookie) it refuses with a message.
    const byHand = spawnSync(exe, [], { encoding: 'utf8' });
    assert.equal(byHand.status, 1);
    assert.equal(byHand.stdout, '', 'nothing on stdout');
    assert.match(byHand.stderr, /plugin/i);

    const custom = join(dir, 'mirror');
    const c = spawnSync(join(REPO_ROOT, 'bin', 'tessera'), ['provider', 'install', '--plugin-dir', custom], { encoding: 'utf8' });
    assert.equal(c.status, 0, c.stderr);
    assert.ok(statSync(join(custom, 'registry.terraform.io', 'tessera', 'aiven', version, terraformTarget())).isDirectory());
    assert.match(c.stdout, new RegExp(`path\\s+= "${custom}"`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
