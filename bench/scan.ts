// Leak scanner throughput: `bin/tessera token scan DIR` over a generated 100 MB tree (2,000 files of
// ~52 KB in 40 folders: source-like lines, base62 noise, `tsr_` near-misses, and 25 real tokens),
// wall time of the whole command (Node start-up included), best of BENCH_ROUNDS runs (default 3).
// Prints each run and, as the LAST line, one JSON object: scan_mb_per_s, files, megabytes, findings.
//
// The tree is generated in a temporary folder and deleted afterwards. Runs after the first read a warm
// page cache (the same is true of a pre-commit hook scanning files that were just written); the figure
// is CPU-bound and swings with the load of whoever else shares the machine.
//
// Run with `npm run bench:scan` (builds bin/tessera's bundle first).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateToken } from '../src/domain/token-format.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const FOLDERS = 40;
const FILES_PER_FOLDER = 50;
const TOTAL_BYTES = 100 * 1024 * 1024;
const FILE_BYTES = Math.floor(TOTAL_BYTES / (FOLDERS * FILES_PER_FOLDER));
const PLANTED = 25;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** Seeded PRNG (xorshift32): the same tree every run. */
function prng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

/** About 2 MB of text the files are cut from: code-like lines, noise, and near-miss tokens. */
function sourceText(): string {
  const random = prng(20261202);
  const base62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const noise = (n: number) => Array.from({ length: n }, () => base62[Math.floor(random() * 62)]).join('');
  const lines: string[] = [];
  let size = 0;
  while (size < 2 * FILE_BYTES * 20) {
    const r = random();
    const line =
      r < 0.6 ? `  const value${Math.floor(random() * 1000)} = compute(input, { retries: ${Math.floor(random() * 9)} }); // ${noise(12)}`
      : r < 0.85 ? `    "${noise(8)}": "${noise(Math.floor(random() * 60) + 4)}",`
      : r < 0.97 ? `export ID_${noise(6).toUpperCase()}=${noise(40)}`
      : `token = "tsr_${noise(49)}"  # near miss: checksum does not match`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

async function timeScan(dir: string): Promise<{ seconds: number; code: number | null; findings: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(join(root, 'bin/tessera'), ['token', 'scan', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (code) => resolve({ seconds: (performance.now() - started) / 1000, code, findings: out.trim().split('\n').filter(Boolean).length }));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-scan-'));
try {
  const text = sourceText();
  const random = prng(7);
  const plantedIn = new Set<number>();
  while (plantedIn.size < PLANTED) plantedIn.add(Math.floor(random() * FOLDERS * FILES_PER_FOLDER));
  let bytes = 0;
  const generated = performance.now();
  for (let f = 0; f < FOLDERS; f++) {
    const folder = join(dir, `pkg-${f}`, 'src');
    mkdirSync(folder, { recursive: true });
    for (let i = 0; i < FILES_PER_FOLDER; i++) {
      const index = f * FILES_PER_FOLDER + i;
      const start = Math.floor(random() * (text.length - FILE_BYTES));
      let content = text.slice(start, start + FILE_BYTES);
      if (plantedIn.has(index)) {
        const at = content.indexOf('\n', Math.floor(content.length / 2));
        content = `${content.slice(0, at)}\nAPI_TOKEN=${generateToken()}${content.slice(at)}`;
      }
      writeFileSync(join(folder, `module-${i}.ts`), content);
      bytes += Buffer.byteLength(content);
    }
  }
  const megabytes = bytes / (1024 * 1024);
  console.log(`generated ${FOLDERS * FILES_PER_FOLDER} files, ${megabytes.toFixed(1)} MB, ${PLANTED} tokens, in ${((performance.now() - generated) / 1000).toFixed(1)} s`);
  let best = Infinity;
  let findings = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    const result = await timeScan(dir);
    if (result.code !== 1 || result.findings !== PLANTED) {
      throw new Error(`scan found ${result.findings} tokens (exit ${result.code}); ${PLANTED} were planted`);
    }
    findings = result.findings;
    console.log(`round ${round}: ${result.seconds.toFixed(2)} s, ${(megabytes / result.seconds).toFixed(0)} MB/s, ${result.findings} tokens found`);
    best = Math.min(best, result.seconds);
  }
  console.log(JSON.stringify({ scan_mb_per_s: Math.round(megabytes / best), seconds: Number(best.toFixed(2)), files: FOLDERS * FILES_PER_FOLDER, megabytes: Number(megabytes.toFixed(1)), findings }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
