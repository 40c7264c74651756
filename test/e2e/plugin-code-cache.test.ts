// The plugin's ways of starting: by default the launcher runs dist/plugin-cjs/launch.cjs, which runs
// the CommonJS bundles with the V8 code caches made by `npm run build`; with TESSERA_PLUGIN_CODE_CACHE=off
// (or without launch.cjs) it runs the ESM entry and chunks. All go through the real executable and must
// serve the same schema; the loader itself must survive a cache V8 refuses. Run `npm run build` first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeCacheFileOf, loadCodeCachedCjs } from '../../src/terraform/protocol/code-cached-cjs.js';
import { generateServerCertificate } from '../../src/terraform/protocol/tls-cert.js';
import { connectPlugin, PLUGIN_BIN, REPO_ROOT, startPlugin } from '../support/plugin-fixture-process.js';

const BUNDLE = join(REPO_ROOT, 'dist/plugin-cjs/plugin-after-handshake.cjs');
assert.ok(existsSync(BUNDLE), `${BUNDLE} is missing: run \`npm run build\` first`);

/** Starts the plugin (AutoMTLS), asks for the schema, shuts it down; returns the schema and where gRPC came from. */
async function schemaThrough(
  env: Record<string, string>,
  executable = PLUGIN_BIN,
): Promise<{ entry: string; loadedFrom: string; resourceTypes: string[] }> {
  const clientCert = await generateServerCertificate();
  const plugin = await startPlugin({ executable, clientCert, env: { TF_LOG_PROVIDER: 'debug', ...env } });
  const client = connectPlugin(plugin.socketPath, { serverCertDer: plugin.serverCertDer!, clientCert });
  try {
    // The launcher execs node, so the process's command line names the file node started (after the
    // launcher's node options).
    const entry = readFileSync(`/proc/${plugin.child.pid}/cmdline`, 'utf8').split('\0').slice(1).find((arg) => !arg.startsWith('-'))!;
    const schema = await client.provider.GetProviderSchema({});
    await client.controller.Shutdown({});
    const { code } = await plugin.exited;
    assert.equal(code, 0);
    const serving = plugin
      .stderr()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((entry) => entry['@message'] === 'plugin serving');
    assert.ok(serving, `no "plugin serving" log line in:\n${plugin.stderr()}`);
    return { entry, loadedFrom: String(serving.grpc_loaded_from), resourceTypes: Object.keys(schema.resourceSchemas ?? {}).sort() };
  } finally {
    client.close();
    plugin.child.kill('SIGKILL');
  }
}

test('by default the plugin loads the code-cached bundle, and V8 accepts the cache the build made with this node', async () => {
  const cached = await schemaThrough({});
  assert.equal(cached.entry, join(REPO_ROOT, 'dist/plugin-cjs/launch.cjs'));
  assert.equal(cached.loadedFrom, 'cjs bundle (code cache accepted)');
  assert.ok(cached.resourceTypes.includes('aiven_organization'), `resource types: ${cached.resourceTypes.join(', ')}`);
});

test('V8 accepts both bundles\' code caches in a node started without flags, as each launch is', () => {
  // The plugin turns V8's optimizing compilers off once its code is loaded (v8-tiers.ts); a cache
  // written after that (the build's --as-plugin start) would carry those flags and be refused.
  const check = (bundle: string) =>
    `new (require('node:vm').Script)(require('node:fs').readFileSync(${JSON.stringify(bundle)}, 'latin1'), ` +
    `{ filename: ${JSON.stringify(bundle)}, cachedData: require('node:fs').readFileSync(${JSON.stringify(codeCacheFileOf(bundle))}) }).cachedDataRejected`;
  const bundles = ['plugin-main.cjs', 'plugin-after-handshake.cjs'].map((name) => join(REPO_ROOT, 'dist/plugin-cjs', name));
  const r = spawnSync(process.execPath, ['-p', `JSON.stringify([${bundles.map(check).join(', ')}])`], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [false, false], 'cachedDataRejected of plugin-main.cjs, plugin-after-handshake.cjs');
});

test('TESSERA_PLUGIN_CODE_CACHE=off serves from the ESM chunks, with the same schema', async () => {
  const [cached, esm] = [await schemaThrough({}), await schemaThrough({ TESSERA_PLUGIN_CODE_CACHE: 'off' })];
  assert.equal(esm.entry, join(REPO_ROOT, 'dist/terraform-provider-aiven.mjs'));
  assert.equal(esm.loadedFrom, 'esm chunk');
  assert.deepEqual(esm.resourceTypes, cached.resourceTypes);
});

test('without dist/plugin-cjs/launch.cjs the launcher starts the ESM entry, which still finds the code-cached after-handshake bundle', async () => {
  // A checkout whose dist has only the ESM entry (a symlink: node resolves it to the real dist/, where
  // plugin-main finds plugin-after-handshake.cjs next to itself).
  const dir = mkdtempSync(join(tmpdir(), 'plugin-no-launch-'));
  try {
    mkdirSync(join(dir, 'bin'));
    mkdirSync(join(dir, 'dist'));
    copyFileSync(PLUGIN_BIN, join(dir, 'bin/terraform-provider-aiven'));
    symlinkSync(join(REPO_ROOT, 'dist/terraform-provider-aiven.mjs'), join(dir, 'dist/terraform-provider-aiven.mjs'));
    const started = await schemaThrough({}, join(dir, 'bin/terraform-provider-aiven'));
    assert.equal(started.entry, join(dir, 'dist/terraform-provider-aiven.mjs'));
    assert.equal(started.loadedFrom, 'cjs bundle (code cache accepted)');
    assert.ok(started.resourceTypes.includes('aiven_organization'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the loader compiles from source when the cache is refused or absent, and names a file that is not a wrapped bundle', () => {
  const dir = mkdtempSync(join(tmpdir(), 'code-cache-'));
  try {
    const bundle = join(dir, 'plugin-after-handshake.cjs');
    copyFileSync(BUNDLE, bundle);
    writeFileSync(codeCacheFileOf(bundle), Buffer.from('not a V8 code cache'));
    const refused = loadCodeCachedCjs(bundle);
    assert.equal(refused.codeCache, 'rejected');
    assert.equal(typeof (refused.exports as Record<string, unknown>).createGrpcPluginServer, 'function');

    rmSync(codeCacheFileOf(bundle));
    const absent = loadCodeCachedCjs(bundle);
    assert.equal(absent.codeCache, 'absent');
    assert.equal(typeof (absent.exports as Record<string, unknown>).createProviderServer, 'function');

    const plain = join(dir, 'plain.cjs');
    writeFileSync(plain, "'a script, not a function expression';");
    assert.throws(() => loadCodeCachedCjs(plain), /plain\.cjs is not a wrapped CommonJS bundle/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
