// A short soak (`npm run soak` is the long one): keep-alive connections reading with many tokens and
// writing, then a burst of unknown tokens from many addresses. No request fails, and the burst reaches
// the database at most the failed-authentication limit times per address (no token was ever accepted
// from those addresses, so once their lookups are spent the limiter answers 429 without one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSoak } from './support/soak.js';

test('short soak: no errors under mixed load; unknown tokens reach the database only until the limiter engages', { timeout: 5 * 60_000 }, async () => {
  const figures = await runSoak({ seconds: 5, warmupSeconds: 2, connections: 32, tokens: 300, burstRequests: 3000, burstAddresses: 50, authFailureLimit: 10 });
  process.stderr.write(`soak (short): ${JSON.stringify({ ...figures, errors_sample: undefined })}\n`);
  assert.ok(figures.soak_requests > 100, `the load ran (${figures.soak_requests} requests)`);
  assert.deepEqual(figures.errors_sample, [], 'no request failed');
  assert.equal(figures.soak_error_rate, 0);
  assert.equal(figures.burst_server_errors, 0, `no 5xx or failed request in the burst: ${JSON.stringify(figures.burst_statuses)}`);
  assert.ok((figures.burst_statuses['429'] ?? 0) > 0, 'the limiter engaged');
  assert.ok(figures.unknown_token_db_lookups > 0, 'unknown tokens were looked up until the limiter engaged');
  assert.ok(
    figures.unknown_token_db_lookups <= figures.unknown_token_db_lookups_bound,
    `unknown-token lookups ${figures.unknown_token_db_lookups} ≤ ${figures.unknown_token_db_lookups_bound} (addresses × limit × ${figures.burst_windows} window(s))`,
  );
});
