// The server's CPU cost of a write (issue 13): POST /v1/account (what `terraform apply` of an
// aiven_organization sends), N creates at concurrency 10 against a started `bin/tessera serve` on a
// fresh SQLite file. The figure is the server process's CPU ms per create (from /proc, user + system),
// beside creates per second; the client runs in this process, so its CPU is not counted.
//
//   npm run bench:writes
//   BENCH_WRITES_BASELINE=test-output/baseline/bin/tessera npm run bench:writes
//       A/B in one run: that build's server (a copy of bin/ and dist/ under this checkout, so it finds
//       node_modules) and this one's, started side by side and measured in interleaved rounds
//   TESSERA_NODE=…/node-22/bin/node npm run bench:writes      the servers on Node 22 (node:sqlite)
//
// Settings: BENCH_WRITES_N (creates per round, 3000), BENCH_WRITES_ROUNDS (6), BENCH_WRITES_CONCURRENCY (10),
// BENCH_WRITES_WARM_UP (uncounted creates on each server first, 6000).
// Last line: {"this": {"cpu_ms_per_create": …, "creates_per_second": …}, "baseline": {…}, …} (medians of the rounds).
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { AivenClient } from '../src/client/index.js';
import { startTessera, TESSERA_BIN, type RunningTessera } from '../test/support/tessera.js';
import { cpuMsOf } from './process-cpu.js';

const N = Number(process.env.BENCH_WRITES_N ?? 3000);
const ROUNDS = Number(process.env.BENCH_WRITES_ROUNDS ?? 6);
const CONCURRENCY = Number(process.env.BENCH_WRITES_CONCURRENCY ?? 10);
// uncounted creates first: the CPU per create keeps falling over the first few thousand (JIT; longer on Node 22)
const WARM_UP = Number(process.env.BENCH_WRITES_WARM_UP ?? 6000);
const baselineBin = process.env.BENCH_WRITES_BASELINE;

interface Build {
  name: string;
  tessera: RunningTessera;
  client: AivenClient;
  rounds: Array<{ cpuMsPerCreate: number; createsPerSecond: number }>;
}

async function start(name: string, bin: string): Promise<Build> {
  // info logs one line per request; the default level keeps the server's logging as deployed
  const tessera = await startTessera({ bin, env: { TESSERA_LOG_LEVEL: process.env.TESSERA_LOG_LEVEL ?? 'info' } });
  return { name, tessera, client: new AivenClient({ baseUrl: tessera.url, token: tessera.adminToken }), rounds: [] };
}

/** `count` creates, at most CONCURRENCY in flight. */
async function createAccounts(client: AivenClient, count: number, label: string): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await client.createAccount({ account_name: `${label}-${i}` });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

async function measure(build: Build, round: number): Promise<void> {
  const pid = build.tessera.process.pid!;
  const cpuBefore = cpuMsOf(pid);
  const started = performance.now();
  await createAccounts(build.client, N, `bench-${round}`);
  const seconds = (performance.now() - started) / 1000;
  const cpuMs = cpuMsOf(pid) - cpuBefore;
  build.rounds.push({ cpuMsPerCreate: cpuMs / N, createsPerSecond: N / seconds });
  console.log(`round ${round} ${build.name}: ${(cpuMs / N).toFixed(3)} ms CPU/create, ${(N / seconds).toFixed(0)} creates/s`);
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const serverNode = process.env.TESSERA_NODE ?? 'node';
const serverNodeVersion = execFileSync(serverNode, ['--version'], { encoding: 'utf8' }).trim();
console.log(`server node ${serverNodeVersion} (${Number(serverNodeVersion.slice(1).split('.')[0]) >= 22 ? 'node:sqlite' : 'better-sqlite3'}), ` +
  `${N} creates x ${ROUNDS} rounds at concurrency ${CONCURRENCY}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

const builds: Build[] = [];
try {
  builds.push(await start('this', TESSERA_BIN));
  if (baselineBin) builds.push(await start('baseline', resolve(baselineBin)));
  for (const build of builds) await createAccounts(build.client, WARM_UP, 'warm-up');
  for (let round = 1; round <= ROUNDS; round++) {
    // alternate which build goes first, so neither always runs right after the other's burst
    const order = round % 2 ? builds : [...builds].reverse();
    for (const build of order) await measure(build, round);
  }
} finally {
  for (const build of builds) await build.tessera.stop();
}

const summary: Record<string, unknown> = {};
for (const build of builds) {
  summary[build.name] = {
    cpu_ms_per_create: Number(median(build.rounds.map((r) => r.cpuMsPerCreate)).toFixed(3)),
    creates_per_second: Math.round(median(build.rounds.map((r) => r.createsPerSecond))),
  };
}
if (builds.length === 2) {
  // each round's ratio (the two measured back to back), then their median
  const ratios = builds[0].rounds.map((r, i) => r.cpuMsPerCreate / builds[1].rounds[i].cpuMsPerCreate);
  summary.cpu_ratio_this_to_baseline = Number(median(ratios).toFixed(3));
}
summary.server_node = serverNodeVersion;
summary.load_average_after = loadavg().map((l) => Number(l.toFixed(2)));
console.log(JSON.stringify(summary));
