// Soak and overload (npm run soak): 256 keep-alive connections for SOAK_SECONDS (default 60), 90 %
// authenticated reads on 10,000 distinct tokens and 10 % writes; then 100,000 requests with random
// well-formed unknown tokens from 1,000 client addresses (X-Forwarded-For). Loopback only, bounded in time
// and count. The last line printed is one JSON object: soak_error_rate (target 0), soak_p99_ms,
// rss_growth_last_half_pct (target ≤ 10), unknown_token_db_lookups (≤ addresses × failed-auth limit,
// plus the limited addresses' shared 10 lookups a second).
// The figures depend on the machine: on a shared one, say so with them.
import { runSoak } from '../test/reliability/support/soak.js';

const figures = await runSoak({
  seconds: Number(process.env.SOAK_SECONDS ?? 60),
  connections: Number(process.env.SOAK_CONNECTIONS ?? 256),
  tokens: Number(process.env.SOAK_TOKENS ?? 10_000),
  burstRequests: Number(process.env.SOAK_BURST ?? 100_000),
  burstAddresses: Number(process.env.SOAK_ADDRESSES ?? 1000),
  log: (line) => process.stderr.write(`${line}\n`),
});
if (figures.errors_sample.length) process.stderr.write(`errors:\n  ${figures.errors_sample.join('\n  ')}\n`);
const { errors_sample: _sample, ...printed } = figures;
console.log(JSON.stringify(printed));
const missed =
  figures.soak_error_rate > 0 ||
  figures.rss_growth_last_half_pct > 10 ||
  figures.unknown_token_db_lookups > figures.unknown_token_db_lookups_bound ||
  figures.burst_server_errors > 0;
process.exitCode = missed ? 1 : 0;
