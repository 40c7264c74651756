// Runs the test suite with node's built-in test runner (TypeScript through tsx).
// Usage: node scripts/run-tests.mjs [folder-or-file ...]   (default: test/)
// The e2e files (test/e2e/) run once per host: terraform (when on PATH) and tofu (scripts/real-clients.sh);
// each pass sets TESSERA_TF_HOST. No host at all, or a host that cannot be built, fails the run.
//
// A skipped test is not a pass: the run fails when any test was skipped (a missing PostgreSQL,
// browser or real client must be provided, not waved through). TESSERA_ALLOW_SKIPS=1 lets a
// developer without those run the rest, and still prints what was skipped.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const targets = process.argv.slice(2);
const files = [];
function collect(path) {
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path).sort()) collect(join(path, entry));
  } else if (path.endsWith('.test.ts')) {
    files.push(path);
  }
}
for (const target of targets.length ? targets : [join(root, 'test')]) collect(target);
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}

const isE2e = (file) => file.split(/[\\/]/).includes('e2e');
const e2eFiles = files.filter(isE2e);
const hosts = e2eFiles.length ? e2eHosts() : [];
if (e2eFiles.length) {
  if (hosts.length === 0) {
    console.error('e2e: neither terraform nor tofu could be found or built: the provider e2e suite cannot run');
    process.exit(1);
  }
  console.log(`e2e hosts: ${hosts.map((h) => `${h.name} (${h.version}, ${h.path})`).join('; ')}`);
}

// The whole selection once (e2e files with the first host), then the e2e files again with each other host
// (TESSERA_E2E_HOSTS=first: the first host only — CI's extra Node lines, where the host matrix adds
// nothing the machine's line has not shown).
const otherHosts = process.env.TESSERA_E2E_HOSTS === 'first' ? [] : hosts.slice(1);
const passes = [{ files, host: hosts[0] }, ...otherHosts.map((host) => ({ files: e2eFiles, host }))];
let status = 0;
const ran = [];
const skippedLines = [];
for (const pass of passes) {
  if (pass.host && passes.length > 1) console.log(`\n== e2e host: ${pass.host.name} (${pass.host.version})${pass.files === files ? '' : ' — e2e files again'}`);
  const result = runPass(pass.files, pass.host ? { ...process.env, TESSERA_TF_HOST: pass.host.path } : process.env);
  if (pass.host) ran.push(`${pass.host.name}: ${result.status === 0 ? 'passed' : 'FAILED'}`);
  if (result.status !== 0) status = result.status ?? 1;
  skippedLines.push(...result.skippedLines);
}
if (hosts.length) console.log(`e2e hosts that ran: ${ran.join(', ')}${hosts.missing ? `; ${hosts.missing}` : ''}`);
if (hosts.missing) status ||= 1;
if (skippedLines.length > 0) {
  console.error(`\n${skippedLines.length} test(s) skipped:`);
  for (const line of skippedLines) console.error(`  ${line.trim()}`);
  if (process.env.TESSERA_ALLOW_SKIPS !== '1') {
    console.error('A skipped test is not a pass: provide what it needs (see .ci/run), or set TESSERA_ALLOW_SKIPS=1 locally.');
    status ||= 1;
  }
}
process.exit(status);

/** One node --test run; a TAP copy of the results beside the spec reporter's, read afterwards for skipped tests. */
function runPass(passFiles, env) {
  const tapDir = mkdtempSync(join(tmpdir(), 'tessera-tests-'));
  const tapFile = join(tapDir, 'results.tap');
  const result = spawnSync(
    process.execPath,
    [
      '--import', 'tsx', '--test',
      '--test-reporter=spec', '--test-reporter-destination=stdout',
      '--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
      ...passFiles,
    ],
    { stdio: 'inherit', cwd: root, env },
  );
  try {
    return { status: result.status ?? 1, skippedLines: readFileSync(tapFile, 'utf8').split('\n').filter((line) => /^\s*ok \d+ .*# SKIP/.test(line)) };
  } catch {
    return { status: result.status ?? 1, skippedLines: [] };
  } finally {
    rmSync(tapDir, { recursive: true, force: true });
  }
}

/**
 * Every host the e2e suite runs with: `terraform` when it is on PATH, and OpenTofu (built on first use
 * by scripts/real-clients.sh). A host that cannot be had is reported in `missing` and fails the run.
 */
function e2eHosts() {
  const found = [];
  const missing = [];
  const which = spawnSync('sh', ['-c', 'command -v terraform'], { encoding: 'utf8' });
  if (which.status === 0) found.push(describeHost('terraform', which.stdout.trim()));
  const tofu = spawnSync(join(root, 'scripts', 'real-clients.sh'), ['tofu'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (tofu.status === 0) found.push(describeHost('tofu', tofu.stdout.trim()));
  else missing.push('tofu could not be built (scripts/real-clients.sh tofu): the e2e suite did not run with OpenTofu');
  const hosts = found.filter(Boolean);
  hosts.missing = missing.join('; ');
  return hosts;
}

function describeHost(name, path) {
  const r = spawnSync(path, ['version'], { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  const version = `${r.stdout}\n${r.stderr}`.split('\n').find((line) => /^(Terraform|OpenTofu) v/.test(line));
  return r.status === 0 && version ? { name, path, version } : undefined;
}
