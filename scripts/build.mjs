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
    entryPoints: [join(root, 'src/cli/main.ts')],
    outfile: join(root, 'dist/tessera.mjs'),
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
