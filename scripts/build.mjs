// Builds the two executables' bundles into dist/ with esbuild.
// The plugin is bundled with its dependencies into one file because terraform launches it 3-5 times
// per command and module resolution dominates a Node process's start-up; the CLI/server keeps
// node_modules external (better-sqlite3 is native and must stay a real package).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// grpc-js requires @grpc/proto-loader (and through it a second protobufjs) only inside its channelz
// and ORCA services, which the plugin never serves; leaving it out spares every launch compiling
// about 300 KB. If grpc-js ever called it, the stub says why it is missing.
const protoLoaderStub = {
  name: 'proto-loader-stub',
  setup(b) {
    b.onResolve({ filter: /^@grpc\/proto-loader$/ }, () => ({ path: 'proto-loader-stub', namespace: 'tessera-stub' }));
    b.onLoad({ filter: /.*/, namespace: 'tessera-stub' }, () => ({
      contents:
        "exports.loadSync = function () { throw new Error('@grpc/proto-loader is not part of the plugin bundle (grpc-js channelz/ORCA are not served)'); };",
      loader: 'js',
    }));
  },
};

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: 'linked', logLevel: 'warning' };

await Promise.all([
  build({
    ...common,
    // dist/tessera.mjs + dist/chunks/: code splitting keeps the CLI entry light, since every lazily
    // imported module (and the packages it imports: fastify, better-sqlite3, pg…) lands in a chunk
    // loaded only by the command that needs it. Without splitting, esbuild hoists every package
    // import to the top of the one file and `tessera --help` loads the whole server.
    entryPoints: { tessera: join(root, 'src/cli/main.ts') },
    outdir: join(root, 'dist'),
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    format: 'esm',
    packages: 'external',
  }),
  build({
    ...common,
    // The plugin: everything bundled (no module resolution at launch), as ESM with code splitting so
    // the entry holds only the handshake path (cookie, certificate, socket, the stdout line). grpc-js,
    // protobuf and the provider land in chunks imported after the handshake line is out; with one
    // file, terraform would wait for all of it to be compiled on each of its 3-5 launches per command.
    entryPoints: { 'terraform-provider-aiven': join(root, 'src/terraform/plugin-main.ts') },
    outdir: join(root, 'dist'),
    splitting: true,
    chunkNames: 'plugin-chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    format: 'esm',
    // Bundled CommonJS packages (grpc-js, protobufjs) call require() for Node built-ins.
    plugins: [protoLoaderStub],
    banner: { js: "import { createRequire as __tesseraCreateRequire } from 'node:module'; const require = __tesseraCreateRequire(import.meta.url);" },
  }),
  build({
    ...common,
    // The plugin's after-handshake half once more, as one CommonJS function with a V8 code cache
    // (written below): plugin-main loads it with src/terraform/protocol/code-cached-cjs.ts, which
    // skips parsing and compiling it and the functions its first RPCs run (~25-30 ms of each launch). The ESM chunks above stay the fallback
    // (no cache file, TESSERA_PLUGIN_CODE_CACHE=off). Minified: less source to read and hash.
    stdin: {
      contents:
        "export { createGrpcPluginServer } from './src/terraform/protocol/grpc-server.ts';\n" +
        "export { createProviderServer } from './src/provider/index.ts';\n" +
        "import { warmUpProviderRpcs } from './src/terraform/protocol/code-cache-warm-up.ts';\n" +
        "import { createProviderServer as create } from './src/provider/index.ts';\n" +
        'export const warmUpForCodeCache = () => warmUpProviderRpcs(create());\n',
      resolveDir: root,
      sourcefile: 'plugin-after-handshake.ts',
      loader: 'ts',
    },
    outfile: join(root, 'dist/plugin-cjs/plugin-after-handshake.cjs'),
    format: 'cjs',
    minify: true,
    plugins: [protoLoaderStub],
    banner: { js: '(function (exports, require, module, __filename, __dirname) {' },
    footer: { js: '})' },
  }),
]);

// The code cache must come from the node that runs the plugin (the launcher runs `node` from PATH, as
// npm does here) with no V8 flags; a mismatch only costs the compilation it would have saved. Without
// a cache the plugin still works (it compiles the bundle), so a failure here warns instead of failing.
const afterHandshakeBundle = join(root, 'dist/plugin-cjs/plugin-after-handshake.cjs');
try {
  execFileSync(process.execPath, [join(root, 'scripts/produce-code-cache.cjs'), afterHandshakeBundle], {
    stdio: 'inherit',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
} catch (err) {
  rmSync(`${afterHandshakeBundle}.v8cache`, { force: true });
  console.warn(`warning: no V8 code cache for ${afterHandshakeBundle} (the plugin will compile it at each launch): ${err.message}`);
}
