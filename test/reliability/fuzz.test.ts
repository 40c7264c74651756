// Fuzzing from the OpenAPI document, a short budget (a few hundred cases; `npm run fuzz` runs ≥ 10,000):
// schemathesis against a started Tessera finds no failure — no 5xx, answers as documented, bad data
// refused, good data accepted, the Aiven error body on every error. Fails (never skips) when
// schemathesis is not installed: scripts/install-schemathesis.sh (.ci/run runs it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFuzz } from './support/fuzz.js';

test('schemathesis finds nothing in a few hundred cases (every operation, stateful links included)', { timeout: 15 * 60_000 }, async () => {
  const result = await runFuzz({ maxExamples: 8, seed: 12 });
  process.stderr.write(
    `fuzz: ${JSON.stringify({ fuzz_cases: result.fuzz_cases, fuzz_failures: result.fuzz_failures, fuzz_tool_errors: result.fuzz_tool_errors, server_errors: result.server_errors })}\n`,
  );
  assert.ok(result.fuzz_cases >= 200, `a few hundred cases ran (${result.fuzz_cases}); output:\n${result.output.slice(-3000)}`);
  assert.deepEqual(result.failures, [], `schemathesis output:\n${result.output.slice(-6000)}`);
  assert.equal(result.fuzz_failures, 0);
  assert.equal(result.server_errors, 0, 'no 5xx');
});
