// Builds the two executables' bundles into dist/ with esbuild.
// The plugin is bundled with its dependencies into one file because terraform launches it 3-5 times
// per command and module resolution dominates a Node process's start-up; the CLI/server keeps
// node_modules external (better-sqlite3 is native and must stay a real package).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { buildConsole } from './build-console.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// In the CommonJS entry bundle, the ESM fallback's lazily imported halves (serve's grpc-server chunk,
// plugin-main's provider chunk) are never loaded: plugin-main uses plugin-after-handshake.cjs there.
const esmFallbackImportsStub = {
  name: 'esm-fallback-imports-stub',
  setup(b) {
    b.onResolve({ filter: /^\.\/grpc-server\.js$|^\.\.\/provider\/index\.js$/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: args.path, namespace: 'tessera-esm-fallback' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'tessera-esm-fallback' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${args.path} is loaded from plugin-after-handshake.cjs in the CommonJS plugin bundle`)});`,
      loader: 'js',
    }));
  },
};

// protobufjs requires the `long` package for 64-bit integers, and `long` compiles a WebAssembly module
// as it loads (~8 ms and ~200 page faults per launch). The plugin reads int64 fields as plain numbers
// (src/terraform/protocol/proto/int64-as-number.ts), so in its bundle `long` is absent: protobufjs
// then finds no Long class, which is the configuration it is given anyway.
const noLongPackage = {
  name: 'no-long-package',
  setup(b) {
    b.onResolve({ filter: /^long$/ }, () => ({ path: 'long', namespace: 'tessera-no-long' }));
    b.onLoad({ filter: /.*/, namespace: 'tessera-no-long' }, () => ({ contents: 'module.exports = null;', loader: 'js' }));
  },
};

// In the plugin's after-handshake bundle, Node built-ins that are required at load but used late or
// never become modules that load the real one on first use: http, https and fs/promises (the API
// client, used by applies and reads only), and http2 (its client is the build's code-cache warm-up's;
// the plugin serves HTTP/2 itself, src/terraform/protocol/http2/). Their export names are listed at
// build time, so that esbuild's ESM interop can copy them without loading.
const LAZY_BUILTINS = ['http', 'https', 'http2', 'fs/promises'];
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    const filter = new RegExp(`^(node:)?(${LAZY_BUILTINS.map((m) => m.replace('/', '\\/')).join('|')})$`);
    b.onResolve({ filter }, (args) =>
      // The lazy module's own require of the real built-in stays a plain external require.
      args.namespace === 'tessera-lazy-builtin' ? undefined : { path: args.path.replace(/^node:/, ''), namespace: 'tessera-lazy-builtin' },
    );
    b.onLoad({ filter: /.*/, namespace: 'tessera-lazy-builtin' }, async (args) => {
      const names = Object.getOwnPropertyNames(await import(`node:${args.path}`)).filter((n) => n !== 'default');
      return {
        contents:
          `let real; const load = () => (real ??= require('node:${args.path}'));\n` +
          `const names = ${JSON.stringify(names)};\n` +
          'module.exports = new Proxy({}, {\n' +
          '  get: (_, key) => load()[key],\n' +
          '  has: (_, key) => key in load(),\n' +
          '  ownKeys: () => names,\n' +
          '  getOwnPropertyDescriptor: (_, key) =>\n' +
          '    names.includes(key) ? { configurable: true, enumerable: true, get: () => load()[key] } : undefined,\n' +
          '});\n',
        loader: 'js',
      };
    });
  },
};

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: 'linked', logLevel: 'warning' };

await Promise.all([
  // the web console (Vite), served by the server at /console
  buildConsole(root),
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
    // the entry holds only the handshake path (cookie, certificate, socket, the stdout line). The gRPC
    // server, protobuf and the provider land in chunks imported after the handshake line is out; with one
    // file, terraform would wait for all of it to be compiled on each of its 3-5 launches per command.
    entryPoints: { 'terraform-provider-aiven': join(root, 'src/terraform/plugin-main.ts') },
    outdir: join(root, 'dist'),
    splitting: true,
    chunkNames: 'plugin-chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    format: 'esm',
    // Bundled CommonJS packages (protobufjs) call require() for Node built-ins.
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
        "import { applyOrganizationScenario } from './src/provider/code-cache-warm-up.ts';\n" +
        'export const warmUpForCodeCache = () => warmUpProviderRpcs(create(), applyOrganizationScenario);\n',
      resolveDir: root,
      sourcefile: 'plugin-after-handshake.ts',
      loader: 'ts',
    },
    outfile: join(root, 'dist/plugin-cjs/plugin-after-handshake.cjs'),
    format: 'cjs',
    minify: true,
    plugins: [lazyBuiltins, noLongPackage],
    banner: { js: '(function (exports, require, module, __filename, __dirname) {' },
    footer: { js: '})' },
  }),
  build({
    ...common,
    // The whole plugin once more as one wrapped CommonJS function with a V8 code cache, started by
    // dist/plugin-cjs/launch.cjs (below) instead of the ESM entry when the launcher finds it: no ESM
    // loader start-up and no compiling of the handshake half (~10-15 ms before the handshake line).
    entryPoints: [join(root, 'src/terraform/plugin-main.ts')],
    outfile: join(root, 'dist/plugin-cjs/plugin-main.cjs'),
    format: 'cjs',
    minify: true,
    // Its after-handshake half is plugin-after-handshake.cjs; the dynamic imports of the ESM fallback
    // are left out (the launcher starts the .mjs entry for that fallback), which keeps this file small.
    plugins: [esmFallbackImportsStub],
    // plugin-main finds the after-handshake bundle through __tesseraAfterHandshakeBundle here (a plain
    // path, no URL conversions before the handshake line); import.meta.url is then never read.
    define: { 'import.meta.url': 'undefined' },
    banner: {
      js: '(function (exports, require, module, __filename, __dirname) {' + "var __tesseraAfterHandshakeBundle = __dirname + '/plugin-after-handshake.cjs';",
    },
    footer: { js: '})' },
  }),
  build({
    ...common,
    entryPoints: [join(root, 'src/terraform/protocol/code-cached-launch.ts')],
    outfile: join(root, 'dist/plugin-cjs/launch.cjs'),
    format: 'cjs',
  }),
]);

// V8 keeps a script's source as a one-byte string only if every character is Latin-1; one other
// character (esbuild leaves regular expression literals as written) doubles the memory of the whole
// ~0.5 MB plugin bundle and slows every launch's reading of it. Keep the plugin's bundles ASCII.
for (const bundle of ['plugin-main.cjs', 'plugin-after-handshake.cjs']) {
  const bytes = readFileSync(join(root, 'dist/plugin-cjs', bundle));
  const at = bytes.findIndex((b) => b > 0x7f);
  if (at >= 0) {
    const context = bytes.subarray(Math.max(0, at - 60), at + 20).toString('utf8');
    throw new Error(`dist/plugin-cjs/${bundle} has a non-ASCII character at byte ${at} (…${context}…): escape it in the source (\\uXXXX)`);
  }
}

// The code cache must come from the node that runs the plugin (the launcher runs `node` from PATH, as
// npm does here) with no V8 flags; a mismatch only costs the compilation it would have saved. Without
// a cache the plugin still works (it compiles the bundle), so a failure here warns instead of failing.
for (const [bundle, mode] of [['plugin-after-handshake.cjs'], ['plugin-main.cjs', '--as-plugin']]) {
  const bundleFile = join(root, 'dist/plugin-cjs', bundle);
  try {
    execFileSync(process.execPath, [join(root, 'scripts/produce-code-cache.cjs'), bundleFile, ...(mode ? [mode] : [])], {
      stdio: 'inherit',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
  } catch (err) {
    rmSync(`${bundleFile}.v8cache`, { force: true });
    console.warn(`warning: no V8 code cache for ${bundleFile} (the plugin will compile it at each launch): ${err.message}`);
  }
}
