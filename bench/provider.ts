// Provider benchmark (`npm run bench:provider`, after `npm run build`):
//   handshake_ms                   ms from process start to the handshake line (H2's measureHandshakeMs)
//   apply_orgs_over_terraform_data wall time of `terraform apply` creating 50 aiven_organization against
//                                  a local Tessera ÷ the same apply of 50 built-in terraform_data, in one
//                                  run: ROUNDS interleaved pairs (fresh workspaces each) after one uncounted
//                                  warm-up pair, median ratio, so load from elsewhere on the machine hits
//                                  both sides alike
//   apply_cpu_ms                   CPU of that apply (median): terraform with the plugins it started;
//                                  steadier than wall time on a shared machine, for before/after work
//   apply_server_cpu_ms            the Tessera server's CPU during that apply (median)
//   terraform_data_cpu_ms          terraform's CPU for the 50 terraform_data (median)
//   apply_official_over_terraform_data  (BENCH_PROVIDER_OFFICIAL=1 only) the same apply with Aiven's own
//                                  Go provider (scripts/real-clients.sh official-provider, built on first
//                                  use) against the same Tessera, in the same rounds: what a compiled
//                                  provider of this resource costs terraform, for reading the figure above
//   apply_official_cpu_ms          (BENCH_PROVIDER_OFFICIAL=1 only) terraform's CPU with that provider
//   plugin_launch_cpu_ms           (BENCH_PROVIDER_LAUNCH_CPU=1 only) the plugin's own CPU in each of the
//                                  apply's launches (schema, validate, plan, apply), medians over the rounds:
//                                  each round runs one more, untimed, apply of 50 organizations whose
//                                  launches report their CPU as they exit (bench/plugin-launch-cpu.cjs);
//                                  steadier than wall time, for comparing builds
// The last line is one JSON object with the figures.
import { performance } from 'node:perf_hooks';
import { measureHandshakeMs } from './handshake.js';
import { startTessera } from '../test/support/tessera.js';
import { createTerraformWorkspace, expectExit, terraformAvailable } from '../test/support/terraform.js';
import { realClient } from '../test/compat/support/real-clients.js';
import { dirname, join } from 'node:path';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { cpuMsOf, endedChildrenCpuMs } from './process-cpu.js';

const COUNT = 50;
// Nine pairs by default: single applies on a shared 2-core VM vary by ±10 % (±20 % on a bad day, when the
// median of five still moved by 0.4 between runs); a pair takes about a second.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);

const LAUNCH_CPU = process.env.BENCH_PROVIDER_LAUNCH_CPU === '1';
const launchCpuPreload = join(dirname(fileURLToPath(import.meta.url)), 'plugin-launch-cpu.cjs');

/** The plugin's CPU in each launch of one more (untimed) apply of COUNT organizations, in launch order. */
async function launchCpuOfApply(round: number): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-launch-cpu-'));
  const file = join(dir, 'cpu.txt');
  const ws = await createTerraformWorkspace({
    apiUrl: tessera.url,
    token: tessera.adminToken,
    env: { NODE_OPTIONS: `--require ${launchCpuPreload}`, TESSERA_BENCH_LAUNCH_CPU_FILE: file },
  });
  try {
    ws.write(`resource "aiven_organization" "o" {\n  count = ${COUNT}\n  name  = "launch-cpu-${round}-\${count.index}"\n}\n`);
    expectExit(await ws.run(['apply', '-auto-approve', '-no-color', '-input=false'], { timeoutMs: 600_000 }), 0, 'launch-CPU apply');
    return readFileSync(file, 'utf8').trim().split('\n').map(Number);
  } finally {
    await ws.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
}

const officialWorkspaces: Awaited<ReturnType<typeof createTerraformWorkspace>>[] = [];

/** The same 50 organizations with Aiven's own provider (`aiven/aiven`), against the same Tessera. */
async function officialWorkspace(round: number) {
  const ws = await createTerraformWorkspace({ apiUrl: tessera.url, token: tessera.adminToken, devOverrides: { 'aiven/aiven': officialDir! } });
  officialWorkspaces.push(ws);
  ws.write(`terraform {\n  required_providers {\n    aiven = { source = "aiven/aiven" }\n  }\n}\nresource "aiven_organization" "o" {\n  count = ${COUNT}\n  name  = "official-${round}-\${count.index}"\n}\n`);
  return ws;
}

interface TimedApply {
  ms: number;
  /** terraform's CPU, with the plugins it started and waited for */
  cpuMs: number;
  /** the Tessera server's CPU meanwhile */
  serverCpuMs: number;
}

async function timedApply(ws: Awaited<ReturnType<typeof createTerraformWorkspace>>): Promise<TimedApply> {
  const cpuBefore = endedChildrenCpuMs();
  const serverBefore = cpuMsOf(tessera.process.pid!);
  const started = performance.now();
  const r = await ws.run(['apply', '-auto-approve', '-no-color', '-input=false'], { timeoutMs: 600_000 });
  const ms = performance.now() - started;
  expectExit(r, 0, 'timed apply');
  return { ms, cpuMs: endedChildrenCpuMs() - cpuBefore, serverCpuMs: cpuMsOf(tessera.process.pid!) - serverBefore };
}

const handshakeMs = await measureHandshakeMs();
console.log(`handshake_ms: ${handshakeMs.toFixed(1)}`);

if (!terraformAvailable()) {
  console.log('terraform is not installed: apply_orgs_over_terraform_data not measured');
  console.log(JSON.stringify({ handshake_ms: Math.round(handshakeMs * 10) / 10, apply_orgs_over_terraform_data: null }));
  process.exit(0);
}

const officialDir = process.env.BENCH_PROVIDER_OFFICIAL === '1' ? dirname(realClient('official-provider')) : undefined;
const tessera = await startTessera();
const ratios: number[] = [];
const officialRatios: number[] = [];
const officialCpu: number[] = [];
const applyCpu: number[] = [];
const applyServerCpu: number[] = [];
const dataCpu: number[] = [];
const launchCpu: number[][] = [];
try {
  // Round 0 is not counted: it warms the API server (a real one always is) and the disk caches that
  // both sides read (terraform's binary, the plugin bundles).
  for (let round = 0; round <= ROUNDS; round++) {
    const orgs = await createTerraformWorkspace({ apiUrl: tessera.url, token: tessera.adminToken });
    const data = await createTerraformWorkspace();
    try {
      orgs.write(`resource "aiven_organization" "o" {\n  count = ${COUNT}\n  name  = "bench-${round}-\${count.index}"\n}\n`);
      data.write(`terraform {\n  required_providers {}\n}\nresource "terraform_data" "d" {\n  count = ${COUNT}\n  input = "bench-\${count.index}"\n}\n`);
      // Both workspaces are ready without `terraform init` (dev_overrides; a built-in provider).
      const { ms: dataMs, cpuMs: dataCpuMs } = await timedApply(data);
      const { ms: orgsMs, cpuMs, serverCpuMs } = await timedApply(orgs);
      if (round > 0) {
        ratios.push(orgsMs / dataMs);
        applyCpu.push(cpuMs);
        applyServerCpu.push(serverCpuMs);
        dataCpu.push(dataCpuMs);
      }
      let official = '';
      if (officialDir) {
        const { ms: officialMs, cpuMs: officialCpuMs } = await timedApply(await officialWorkspace(round));
        if (round > 0) {
          officialRatios.push(officialMs / dataMs);
          officialCpu.push(officialCpuMs);
        }
        official = `, official provider ${officialMs.toFixed(0)} ms (ratio ${(officialMs / dataMs).toFixed(2)}, CPU ${officialCpuMs} ms)`;
      }
      let launches = '';
      if (LAUNCH_CPU && round > 0) {
        const cpu = await launchCpuOfApply(round);
        launchCpu.push(cpu);
        launches = `; plugin CPU per launch ${cpu.map((ms) => ms.toFixed(1)).join(' / ')} ms`;
      }
      console.log(`round ${round}${round === 0 ? ' (warm-up, not counted)' : ''}: ${COUNT} terraform_data ${dataMs.toFixed(0)} ms, ${COUNT} aiven_organization ${orgsMs.toFixed(0)} ms, ratio ${(orgsMs / dataMs).toFixed(2)} (CPU: terraform_data ${dataCpuMs} ms; terraform and plugins ${cpuMs} ms, server ${serverCpuMs} ms)${official}${launches}`);
    } finally {
      await orgs.cleanup();
      await data.cleanup();
      for (const ws of officialWorkspaces.splice(0)) await ws.cleanup();
    }
  }
} finally {
  await tessera.stop();
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ratio = median(ratios);
console.log(`apply_orgs_over_terraform_data (median of ${ROUNDS}): ${ratio.toFixed(2)}`);
const figures: Record<string, number> = {
  handshake_ms: Math.round(handshakeMs * 10) / 10,
  apply_orgs_over_terraform_data: Math.round(ratio * 100) / 100,
  apply_cpu_ms: median(applyCpu),
  apply_server_cpu_ms: median(applyServerCpu),
  terraform_data_cpu_ms: median(dataCpu),
};
console.log(`CPU per apply (medians): terraform and plugins ${figures.apply_cpu_ms} ms, server ${figures.apply_server_cpu_ms} ms; terraform_data ${figures.terraform_data_cpu_ms} ms`);
if (officialDir) {
  figures.apply_official_over_terraform_data = Math.round(median(officialRatios) * 100) / 100;
  figures.apply_official_cpu_ms = median(officialCpu);
  console.log(`apply_official_over_terraform_data (median of ${ROUNDS}): ${figures.apply_official_over_terraform_data.toFixed(2)}`);
}
let launchFigure: number[] | undefined;
if (launchCpu.length > 0) {
  // Launch i of every round (terraform launches the plugin the same number of times each round).
  launchFigure = launchCpu[0].map((_, i) => Math.round(median(launchCpu.map((round) => round[i])) * 10) / 10);
  console.log(`plugin_launch_cpu_ms (medians of ${launchCpu.length}, schema / validate / plan / apply): ${launchFigure.join(' / ')}`);
}
console.log(JSON.stringify(launchFigure ? { ...figures, plugin_launch_cpu_ms: launchFigure } : figures));
