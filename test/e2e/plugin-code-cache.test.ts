// The plugin's two ways of loading its after-handshake half (grpc-js, protobufjs, the provider): the
// CommonJS bundle with the V8 code cache made by `npm run build` (the default), and the ESM chunks
// (the fallback, forced with TESSERA_PLUGIN_CODE_CACHE=off). Both go through the real executable and
// must serve the same schema; the loader itself must survive a cache V8 refuses. Run `npm run build` first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeCacheFileOf, loadCodeCachedCjs } from '../../src/terraform/protocol/code-cached-cjs.js';
import { generateServerCertificate } from '../../src/terraform/protocol/tls-cert.js';
import { connectPlugin, REPO_ROOT, startPlugin } from '../support/plugin-fixture-process.js';

const BUNDLE = join(REPO_ROOT, 'dist/plugin-cjs/plugin-after-handshake.cjs');
assert.ok(existsSync(BUNDLE), `${BUNDLE} is missing: run \`npm run build\` first`);

/** Starts the plugin (AutoMTLS), asks for the schema, shuts it down; returns the schema and where gRPC came from. */
async function schemaThrough(env: Record<string, string>): Promise<{ loadedFrom: string; resourceTypes: string[] }> {
  const clientCert = await generateServerCertificate();
  const plugin = await startPlugin({ clientCert, env: { TF_LOG_PROVIDER: 'debug', ...env } });
  const client = connectPlugin(plugin.socketPath, { serverCertDer: plugin.serverCertDer!, clientCert });
  try {
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
    return { loadedFrom: String(serving.grpc_loaded_from), resourceTypes: Object.keys(schema.resourceSchemas ?? {}).sort() };
  } finally {
    client.close();
    plugin.child.kill('SIGKILL');
  }
}

test('by default the plugin loads the code-cached bundle, and V8 accepts the cache the build made with this node', async () => {
  const cached = await schemaThrough({});
  assert.equal(cached.loadedFrom, 'cjs bundle (code cache accepted)');
  assert.ok(cached.resourceTypes.includes('aiven_organization'), `resource types: ${cached.resourceTypes.join(', ')}`);
});

test('TESSERA_PLUGIN_CODE_CACHE=off serves from the ESM chunks, with the same schema', async () => {
  const [cached, esm] = [await schemaThrough({}), await schemaThrough({ TESSERA_PLUGIN_CODE_CACHE: 'off' })];
  assert.equal(esm.loadedFrom, 'esm chunk');
  assert.deepEqual(esm.resourceTypes, cached.resourceTypes);
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
