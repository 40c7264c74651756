// Refresh cost of many tokens of one user (issue 4, point 9). The API has no single-token GET, so a
// naive provider lists all of a user's tokens once per token: 200 tokens, 200 listings of 200 tokens.
// The provider coalesces listings per user; this measures what a refresh of 200 tokens costs in API
// requests (counted by a loopback proxy in front of Tessera) and wall time, against a refresh of one
// token on the same server in the same run.
//
//   npm run bench:refresh        (builds first; needs terraform on PATH)
//
// Last line: {"refresh_200_requests": …, "refresh_200_seconds": …, …}
import { AivenClient } from '../src/client/index.js';
import { startLoopbackProxy } from '../test/support/loopback-proxy.js';
import { startTessera } from '../test/support/tessera.js';
import { createTerraformWorkspace, expectExit, terraformAvailable, terraformVersion } from '../test/support/terraform.js';

const N = Number(process.env.BENCH_REFRESH_TOKENS ?? 200);

if (!terraformAvailable()) {
  console.error('bench:refresh needs terraform on PATH');
  process.exit(1);
}

const tessera = await startTessera();
const proxy = await startLoopbackProxy(tessera.url);
const client = new AivenClient({ baseUrl: tessera.url, token: tessera.adminToken });
const workspaces: Awaited<ReturnType<typeof createTerraformWorkspace>>[] = [];

async function refreshWorkspace(count: number) {
  const org = (await client.createOrganization({ organization_name: `bench-${count}` })).organization_id;
  const user = (await client.createApplicationUser(org, { name: `bench-${count}` })).user_id;
  const tf = await createTerraformWorkspace({ apiUrl: proxy.url, token: tessera.adminToken, beta: true });
  workspaces.push(tf);
  tf.write(`resource "aiven_organization_application_user_token" "t" {
  count           = ${count}
  organization_id = "${org}"
  user_id         = "${user}"
  description     = "bench token \${count.index}"
}
`);
  const createStarted = performance.now();
  expectExit(await tf.run(['apply', '-auto-approve', '-no-color', '-parallelism=20'], { timeoutMs: 600_000 }), 0, `create ${count} tokens`);
  const createSeconds = (performance.now() - createStarted) / 1000;
  return { tf, createSeconds };
}

async function measureRefresh(tf: Awaited<ReturnType<typeof createTerraformWorkspace>>) {
  const before = proxy.requests.length;
  const started = performance.now();
  const r = await tf.run(['plan', '-refresh-only', '-no-color'], { timeoutMs: 600_000 });
  const seconds = (performance.now() - started) / 1000;
  expectExit(r, 0, 'refresh-only plan');
  if (!r.stdout.includes('found no differences')) throw new Error(`refresh found differences:\n${r.stdout}`);
  const requests = proxy.requests.slice(before);
  return {
    seconds,
    requests: requests.length,
    listings: requests.filter((q) => q.method === 'GET' && q.path.includes('/access-tokens')).length,
  };
}

try {
  const one = await refreshWorkspace(1);
  const many = await refreshWorkspace(N);
  const refresh1 = await measureRefresh(one.tf);
  const refreshN = await measureRefresh(many.tf);
  const round = (x: number, digits = 3) => Number(x.toFixed(digits));
  console.log(`terraform: ${terraformVersion()}`);
  console.log(`created ${N} tokens with terraform apply in ${round(many.createSeconds, 1)} s`);
  console.log(`refresh of 1 token:    ${refresh1.requests} API requests (${refresh1.listings} token listings), ${round(refresh1.seconds)} s`);
  console.log(`refresh of ${N} tokens: ${refreshN.requests} API requests (${refreshN.listings} token listings), ${round(refreshN.seconds)} s`);
  console.log(`requests per token refreshed: ${round(refreshN.requests / N, 4)} (a listing per token would be 1)`);
  console.log(`wall time ${N} tokens / 1 token: ${round(refreshN.seconds / refresh1.seconds, 2)}`);
  console.log(
    JSON.stringify({
      refresh_200_requests: refreshN.requests,
      refresh_200_seconds: round(refreshN.seconds),
      refresh_200_token_listings: refreshN.listings,
      refresh_1_requests: refresh1.requests,
      refresh_1_seconds: round(refresh1.seconds),
      requests_per_token: round(refreshN.requests / N, 4),
      seconds_ratio_200_to_1: round(refreshN.seconds / refresh1.seconds, 2),
      tokens: N,
    }),
  );
} finally {
  for (const ws of workspaces) await ws.cleanup();
  await proxy.close();
  await tessera.stop();
}
