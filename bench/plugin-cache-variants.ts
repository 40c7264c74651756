// Plugin start-up with and without code caches, interleaved on one machine (the node on PATH runs the
// plugin; build with that node first, so the hand-made caches are its own):
//   A  the build's hand-made V8 code caches (dist/plugin-cjs/launch.cjs; what bin/terraform-provider-aiven runs)
//   B  the ESM bundle with Node's module compile cache (NODE_COMPILE_CACHE, Node >= 22.1)
//   C  the ESM bundle without any cache (TESSERA_PLUGIN_CODE_CACHE=off)
// Each round applies 50 terraform_data and then 50 aiven_organization once per variant (the order
// alternating), and measures spawn → handshake line (5 launches) per variant; round 0 is a warm-up.
// Prints the rounds and, last, {"node", A|B|C: {handshake_ms, apply_orgs_over_terraform_data}} (medians).
//   node --import tsx bench/plugin-cache-variants.ts [rounds=5]
import { performance } from 'node:perf_hooks';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureHandshakeMs } from './handshake.js';
import { startTessera } from '../test/support/tessera.js';
import { createTerraformWorkspace, expectExit } from '../test/support/terraform.js';
const ROUNDS = Number(process.argv[2] ?? 5);
const cacheDir = mkdtempSync(join(tmpdir(), 't13-compile-cache-'));
const variants: Record<string, Record<string, string>> = {
  A: {},
  B: { TESSERA_PLUGIN_CODE_CACHE: 'off', NODE_COMPILE_CACHE: cacheDir },
  C: { TESSERA_PLUGIN_CODE_CACHE: 'off' },
};
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const withEnv = async <T>(env: Record<string, string>, f: () => Promise<T>) => {
  const saved = { ...process.env };
  delete process.env.NODE_COMPILE_CACHE; delete process.env.TESSERA_PLUGIN_CODE_CACHE;
  Object.assign(process.env, env);
  try { return await f(); } finally { for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k]; Object.assign(process.env, saved); }
};
const tessera = await startTessera();
const hs: Record<string, number[]> = { A: [], B: [], C: [] };
const ap: Record<string, number[]> = { A: [], B: [], C: [] };
try {
  for (let round = 0; round <= ROUNDS; round++) {
    const data = await createTerraformWorkspace();
    data.write(`terraform {\n  required_providers {}\n}\nresource "terraform_data" "d" {\n  count = 50\n  input = "b-\${count.index}"\n}\n`);
    let t = performance.now();
    expectExit(await data.run(['apply', '-auto-approve', '-no-color', '-input=false'], { timeoutMs: 600_000 }), 0, 'data');
    const dataMs = performance.now() - t;
    await data.cleanup();
    const line: string[] = [`round ${round}: data ${dataMs.toFixed(0)}`];
    for (const name of round % 2 ? ['A', 'B', 'C'] : ['C', 'B', 'A']) {
      const orgs = await createTerraformWorkspace({ apiUrl: tessera.url, token: tessera.adminToken, env: variants[name] });
      orgs.write(`resource "aiven_organization" "o" {\n  count = 50\n  name  = "b-${round}-${name}-\${count.index}"\n}\n`);
      t = performance.now();
      expectExit(await orgs.run(['apply', '-auto-approve', '-no-color', '-input=false'], { timeoutMs: 600_000, env: variants[name] }), 0, name);
      const ms = performance.now() - t;
      await orgs.cleanup();
      const h = await withEnv(variants[name], () => measureHandshakeMs(5));
      if (round > 0) { ap[name].push(ms / dataMs); hs[name].push(h); }
      line.push(`${name} apply ${ms.toFixed(0)} (x${(ms / dataMs).toFixed(2)}) hs ${h.toFixed(1)}`);
    }
    console.log(line.join(' | ') + (round === 0 ? ' (warm-up)' : ''));
  }
} finally {
  await tessera.stop();
}
console.log(`compile cache files: ${readdirSync(cacheDir, { recursive: true }).length}`);
rmSync(cacheDir, { recursive: true, force: true });
const out: Record<string, unknown> = { node: process.versions.node };
for (const n of ['A', 'B', 'C']) out[n] = { handshake_ms: +median(hs[n]).toFixed(1), apply_orgs_over_terraform_data: +median(ap[n]).toFixed(2) };
console.log(JSON.stringify(out));
