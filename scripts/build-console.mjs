// Builds the web console (console/) with Vite into dist/console, which the server serves at /console.
// The output must work under the server's strict Content-Security-Policy: no inline script or style,
// no data: URLs, nothing from another origin. Each text file also gets .br and .gz siblings, which
// @fastify/static serves to browsers that accept them.
import { build } from 'vite';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

export async function buildConsole(root) {
  const outDir = join(root, 'dist/console');
  await build({
    configFile: false,
    root: join(root, 'console'),
    base: '/console/',
    logLevel: 'warn',
    // Preact's automatic JSX runtime (the tsconfig in console/ says the same to the type checker)
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      // the polyfill would be an inline script; every browser the console supports has modulepreload
      modulePreload: { polyfill: false },
      // never inline assets as data: URLs (the CSP allows images from 'self' only)
      assetsInlineLimit: 0,
      reportCompressedSize: false,
      sourcemap: true,
    },
  });
  for (const file of walk(outDir)) {
    if (!/\.(js|css|html|svg|json|map)$/.test(file)) continue;
    const bytes = readFileSync(file);
    writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
    writeFileSync(`${file}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  }
}

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}
