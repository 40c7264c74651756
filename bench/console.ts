// Web console benchmark: how much JavaScript the first page costs and how fast it first renders.
//   npm run bench:console            (builds first; BENCH_ROUNDS=N loads, default 7)
// console_js_kb_gz: every script the sign-in page loads in Chromium, gzip -9, in kB (budget: 100).
// console_first_render_ms: from navigation start to the app's first render (its
// 'tessera-console-rendered' performance mark), median over fresh browser contexts (no HTTP cache),
// Chromium headless against a Tessera on loopback. A shared machine makes the milliseconds noisy.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startTessera, REPO_ROOT } from '../test/support/tessera.js';
import { launchChromium } from '../test/console/browser.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 7);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const tessera = await startTessera({ env: { TESSERA_LOG_LEVEL: 'warn' } });
const browser = await launchChromium();
try {
  const renders: number[] = [];
  let scripts = new Set<string>();
  // one uncounted load first: warms the server and the disk cache, as a real server is
  for (let round = -1; round < rounds; round++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const loaded = new Set<string>();
    page.on('request', (request) => {
      if (request.resourceType() === 'script') loaded.add(new URL(request.url()).pathname);
    });
    await page.goto(`${tessera.url}/console/`);
    await page.getByLabel('API token').waitFor();
    const ms = await page.evaluate(() => performance.getEntriesByName('tessera-console-rendered')[0]?.startTime);
    if (ms === undefined) throw new Error('the console did not mark its first render');
    if (round >= 0) renders.push(ms);
    scripts = loaded;
    await context.close();
  }
  let gzipBytes = 0;
  for (const path of scripts) {
    const file = join(REPO_ROOT, 'dist/console', path.replace(/^\/console\//, ''));
    const size = gzipSync(readFileSync(file), { level: 9 }).length;
    gzipBytes += size;
    console.log(`${path}: ${(size / 1024).toFixed(1)} kB gzip`);
  }
  const result = {
    console_js_kb_gz: Math.round((gzipBytes / 1024) * 10) / 10,
    console_first_render_ms: Math.round(median(renders) * 10) / 10,
  };
  console.log(`first render over ${rounds} fresh contexts: ${renders.map((r) => r.toFixed(0)).join(', ')} ms`);
  console.log(`console_js_kb_gz ${result.console_js_kb_gz}`);
  console.log(`console_first_render_ms ${result.console_first_render_ms}`);
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
  await tessera.stop();
}
