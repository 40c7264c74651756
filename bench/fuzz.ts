// Fuzzing, the long run (npm run fuzz): schemathesis against a started Tessera with at least
// FUZZ_MIN_CASES (default 10,000) cases — the budget per operation grows until a run reaches it.
// The last line printed is one JSON object: fuzz_cases, fuzz_failures (target 0), fuzz_tool_errors,
// server_errors. Exit 1 when anything failed. See test/reliability/support/fuzz.ts for the checks.
import { runFuzz, type FuzzResult } from '../test/reliability/support/fuzz.js';

const MIN_CASES = Number(process.env.FUZZ_MIN_CASES ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const log = (line: string) => process.stderr.write(`${line}\n`);

let maxExamples = Number(process.env.FUZZ_MAX_EXAMPLES ?? 250);
let result: FuzzResult | undefined;
let totalCases = 0;
let totalFailures = 0;
let toolErrors = 0;
let serverErrors = 0;
const failures: string[] = [];
for (let attempt = 0; totalCases < MIN_CASES && attempt < 6; attempt++) {
  log(`schemathesis: --max-examples ${maxExamples}, seed ${SEED + attempt} (${totalCases} cases so far)`);
  result = await runFuzz({ maxExamples, seed: SEED + attempt });
  totalCases += result.fuzz_cases;
  totalFailures += result.fuzz_failures;
  toolErrors += result.fuzz_tool_errors;
  serverErrors += result.server_errors;
  failures.push(...result.failures);
  maxExamples *= 2;
}
if (failures.length) {
  log('failures:');
  for (const failure of failures) log(`  ${failure}`);
  log(result?.output.split('\n').slice(-200).join('\n') ?? '');
}
console.log(JSON.stringify({ fuzz_cases: totalCases, fuzz_failures: totalFailures, fuzz_tool_errors: toolErrors, server_errors: serverErrors, seed: SEED }));
process.exitCode = totalFailures || serverErrors || totalCases < MIN_CASES ? 1 : 0;
