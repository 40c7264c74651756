// Builds the two executables' bundles into dist/ with esbuild.
// The plugin is bundled with its dependencies into one file because terraform launches it 3-5 times
// per command and module resolution dominates a Node process's start-up; the CLI/server keeps
// node_modules external (better-sqlite3 is native and must stay a real package).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
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
    entryPoints: [join(root, 'src/terraform/plugin-main.ts')],
    outfile: join(root, 'dist/terraform-provider-aiven.cjs'),
    format: 'cjs',
    // Everything inlined: one file to read and compile at launch.
  }),
]);
