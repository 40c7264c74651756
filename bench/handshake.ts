// Plugin start-up benchmark: milliseconds from spawning bin/terraform-provider-aiven (the real bundle,
// started as terraform starts it: magic cookie, PLUGIN_PROTOCOL_VERSIONS, PLUGIN_CLIENT_CERT so the
// AutoMTLS certificate is generated) to its handshake line on stdout. terraform launches the plugin
// 3-5 times per command, so this is paid that many times. Run after `npm run build`:
//   node --import tsx bench/handshake.ts [runs]
// Prints the median, a bare `node -e 0` start in the same run for scale, and as its last line
// {"handshake_ms": …, "node_boot_ms": …, "handshake_over_node_boot": …}.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { generateServerCertificate } from '../src/terraform/protocol/tls-cert.js';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../src/terraform/protocol/handshake.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const pluginExecutable = join(root, 'bin/terraform-provider-aiven');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** One launch: ms from spawn to the first stdout line; the process is then stopped. */
async function timeToFirstLine(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let elapsed: number | undefined;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no handshake line within 10 s from ${command}`));
    }, 10_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (elapsed === undefined && out.includes('\n')) {
        elapsed = performance.now() - started;
        child.kill('SIGTERM');
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (elapsed !== undefined) resolve(elapsed);
      else reject(new Error(`${command} exited (${code ?? signal}) without a handshake line`));
    });
  });
}

async function nodeBootMs(): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    child.on('exit', () => resolve());
    child.on('error', reject);
  });
  return performance.now() - started;
}

/** Median ms from spawn to the handshake line over `runs` launches (after one warm-up launch). */
export async function measureHandshakeMs(runs = 15): Promise<number> {
  const clientCert = await generateServerCertificate(); // stands in for terraform's client certificate
  const env = {
    ...process.env,
    [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
    PLUGIN_PROTOCOL_VERSIONS: '5,6',
    PLUGIN_CLIENT_CERT: clientCert.certPem,
  };
  await timeToFirstLine(pluginExecutable, [], env); // warm the file cache
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timeToFirstLine(pluginExecutable, [], env));
  return median(times);
}

export async function measureNodeBootMs(runs = 15): Promise<number> {
  await nodeBootMs();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await nodeBootMs());
  return median(times);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const runs = Number(process.argv[2] ?? 15);
  // Interleave so both see the same machine load.
  const handshake: number[] = [];
  const boot: number[] = [];
  for (let i = 0; i < 3; i++) {
    handshake.push(await measureHandshakeMs(Math.ceil(runs / 3)));
    boot.push(await measureNodeBootMs(Math.ceil(runs / 3)));
  }
  const handshakeMs = median(handshake);
  const bootMs = median(boot);
  console.log(`plugin spawn → handshake line (median of ${runs}): ${handshakeMs.toFixed(1)} ms`);
  console.log(`bare node -e 0 (median of ${runs}):              ${bootMs.toFixed(1)} ms`);
  const round = (n: number) => Math.round(n * 10) / 10;
  console.log(
    JSON.stringify({ handshake_ms: round(handshakeMs), node_boot_ms: round(bootMs), handshake_over_node_boot: Math.round((handshakeMs / bootMs) * 100) / 100 }),
  );
}
