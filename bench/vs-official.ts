// Tessera's provider against the official Go provider, side by side in one run: the same Tessera server
// (behind one counting loopback proxy), the same host binary (scripts/real-clients.sh terraform-host),
// the same configuration — `apply` creating 100 tokens of one user, then a `plan` refreshing them.
//
//   npm run bench:vs-official     (builds first; builds the official provider on first use)
//
// Each provider runs twice and its better wall time counts (the machine is shared). Last line:
// {"apply_100_tokens_over_official", "refresh_100_tokens_over_official", "refresh_requests_over_official", …}
// (Tessera's figure ÷ the official provider's: below 1 means Tessera's provider is faster / asks less).
import { dirname, join } from 'node:path';
import { AivenClient } from '../src/client/index.js';
import { startLoopbackProxy } from '../test/support/loopback-proxy.js';
import { REPO_ROOT, startTessera } from '../test/support/tessera.js';
import { createTerraformWorkspace, expectExit, tfHost, type TerraformWorkspace } from '../test/support/terraform.js';
import { realClient } from '../test/compat/support/real-clients.js';

const N = Number(process.env.BENCH_VS_OFFICIAL_TOKENS ?? 100);
const ROUNDS = Number(process.env.BENCH_VS_OFFICIAL_ROUNDS ?? 2);

const officialDir = dirname(realClient('official-provider'));
const host = tfHost();
const tessera = await startTessera();
const proxy = await startLoopbackProxy(tessera.url);
const client = new AivenClient({ baseUrl: tessera.url, token: tessera.adminToken });
const workspaces: TerraformWorkspace[] = [];

interface Contender {
  name: 'tessera' | 'official';
  source: string;
  devOverrides: Record<string, string>;
}
const contenders: Contender[] = [
  { name: 'tessera', source: 'tessera/aiven', devOverrides: { 'tessera/aiven': join(REPO_ROOT, 'bin') } },
  { name: 'official', source: 'aiven/aiven', devOverrides: { 'aiven/aiven': officialDir } },
];

interface Measured {
  applySeconds: number;
  applyRequests: number;
  refreshSeconds: number;
  refreshRequests: number;
}

async function measure(contender: Contender, round: number): Promise<Measured> {
  const org = (await client.createOrganization({ organization_name: `bench-${contender.name}-${round}` })).organization_id;
  const user = (await client.createApplicationUser(org, { name: `bench-${contender.name}-${round}` })).user_id;
  const tf = await createTerraformWorkspace({ apiUrl: proxy.url, token: tessera.adminToken, devOverrides: contender.devOverrides, env: { PROVIDER_AIVEN_ENABLE_BETA: '1' } });
  workspaces.push(tf);
  tf.write(`terraform {
  required_providers {
    aiven = { source = "${contender.source}" }
  }
}

resource "aiven_organization_application_user_token" "t" {
  count           = ${N}
  organization_id = "${org}"
  user_id         = "${user}"
  description     = "bench token \${count.index}"
}
`);
  let before = proxy.requests.length;
  let started = performance.now();
  expectExit(await tf.run(['apply', '-auto-approve', '-no-color'], { timeoutMs: 900_000 }), 0, `${contender.name}: apply ${N} tokens`);
  const applySeconds = (performance.now() - started) / 1000;
  const applyRequests = proxy.requests.length - before;

  before = proxy.requests.length;
  started = performance.now();
  const plan = await tf.run(['plan', '-detailed-exitcode', '-no-color'], { timeoutMs: 900_000 });
  const refreshSeconds = (performance.now() - started) / 1000;
  expectExit(plan, 0, `${contender.name}: plan refreshing ${N} tokens (no changes)`);
  return { applySeconds, applyRequests, refreshSeconds, refreshRequests: proxy.requests.length - before };
}

try {
  const results: Record<string, Measured[]> = { tessera: [], official: [] };
  for (let round = 0; round < ROUNDS; round++) {
    // alternate the order so neither always runs on a warmer server
    const order = round % 2 === 0 ? contenders : [...contenders].reverse();
    for (const contender of order) results[contender.name].push(await measure(contender, round));
  }
  const best = (name: string, key: keyof Measured) => Math.min(...results[name].map((m) => m[key]));
  const round3 = (x: number) => Number(x.toFixed(3));
  console.log(`host: ${host.version} (${host.path}); ${N} tokens of one user; best of ${ROUNDS} rounds each`);
  for (const name of ['tessera', 'official']) {
    console.log(
      `${name.padEnd(8)} apply ${best(name, 'applySeconds').toFixed(2)} s (${best(name, 'applyRequests')} requests), ` +
        `refresh plan ${best(name, 'refreshSeconds').toFixed(2)} s (${best(name, 'refreshRequests')} requests)`,
    );
  }
  console.log(
    JSON.stringify({
      apply_100_tokens_over_official: round3(best('tessera', 'applySeconds') / best('official', 'applySeconds')),
      refresh_100_tokens_over_official: round3(best('tessera', 'refreshSeconds') / best('official', 'refreshSeconds')),
      refresh_requests_over_official: round3(best('tessera', 'refreshRequests') / best('official', 'refreshRequests')),
      apply_requests_over_official: round3(best('tessera', 'applyRequests') / best('official', 'applyRequests')),
      tokens: N,
      host: host.name,
    }),
  );
} finally {
  for (const ws of workspaces) await ws.cleanup();
  await proxy.close();
  await tessera.stop();
}
