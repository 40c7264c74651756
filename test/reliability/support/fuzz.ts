// Fuzzing from the contract: schemathesis (pinned, installed outside the checkout by
// scripts/install-schemathesis.sh) against /openapi.json of a started Tessera, with the instance admin
// token, every operation, positive and negative data, and stateful sequences along the document's links.
// Checks: all of schemathesis's (no 5xx, status codes and response schemas as documented, negative data
// rejected, positive data accepted, undeclared methods answered 405, use after delete, auth enforced)
// plus, in this process, the Aiven error body on every 4xx/5xx answer (read from the run's HAR file).
// Used by test/reliability/fuzz.test.ts (a few hundred cases) and bench/fuzz.ts (npm run fuzz).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, startTessera } from '../../support/tessera.js';

export interface FuzzOptions {
  /** Cases per operation and phase (schemathesis --max-examples). */
  maxExamples: number;
  seed?: number;
  /** Extra time budget in seconds (--max-time); fuzzing and stateful phases repeat until spent. */
  maxTimeSeconds?: number;
  phases?: string;
  log?: (line: string) => void;
}

export interface FuzzResult {
  fuzz_cases: number;
  fuzz_failures: number;
  /** Errors inside schemathesis itself (not answers from Tessera). */
  fuzz_tool_errors: number;
  /** Error answers (4xx/5xx) whose body is not the Aiven shape. */
  error_bodies_not_aiven: number;
  /** Answers with status ≥ 500. */
  server_errors: number;
  /** What failed, for the assertion message. */
  failures: string[];
  output: string;
}

/**
 * The schemathesis executable, installed on first use from PyPI (pinned, cached outside the checkout, as
 * the real clients are), or an error saying why it could not be (never a silent skip).
 */
export function schemathesisPath(): string {
  const install = spawnSync(join(REPO_ROOT, 'scripts', 'install-schemathesis.sh'), [], { encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`schemathesis could not be installed (scripts/install-schemathesis.sh): ${install.stderr.trim()}`);
  return install.stdout.trim().split('\n').pop()!;
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzResult> {
  const st = schemathesisPath();
  const dir = mkdtempSync(join(tmpdir(), 'tessera-fuzz-'));
  // the limiter would turn schemathesis's deliberate bad tokens into 429s for the rest of the run
  const tessera = await startTessera({ env: { TESSERA_AUTH_FAILURE_LIMIT: '0', TESSERA_LOG_LEVEL: 'warn' } });
  try {
    const args = [
      'run', `${tessera.url}/openapi.json`,
      '-H', `Authorization: aivenv1 ${tessera.adminToken}`,
      '--checks', 'all',
      '--max-examples', String(options.maxExamples),
      '--seed', String(options.seed ?? 1),
      // one worker: hypothesis's lambda-source cache is not thread-safe (spurious KeyError "runtime errors")
      '--workers', '1',
      '--request-timeout', '10',
      '--report', 'json,har',
      '--report-dir', dir,
      ...(options.phases ? ['--phases', options.phases] : []),
      ...(options.maxTimeSeconds ? ['--max-time', String(options.maxTimeSeconds)] : []),
    ];
    // cwd: the temporary folder, where schemathesis keeps its .schemathesis/ cache (never the checkout)
    const output = await run(st, args, dir, options.log);
    const reportFile = readdirSync(dir).find((f) => f.startsWith('json'));
    if (!reportFile) throw new Error(`schemathesis wrote no report; output:\n${output.slice(-4000)}`);
    const report = JSON.parse(readFileSync(join(dir, reportFile), 'utf8'));
    const failures: string[] = (report.failures ?? []).map(
      (f: { code: string; title: string; operations: string[] }) => `${f.code} ${f.title}: ${f.operations.join(', ')}`,
    );
    const errors: string[] = (report.errors ?? []).map((e: unknown) => `schemathesis error: ${JSON.stringify(e).slice(0, 300)}`);

    // every error answer carries the Aiven body with its status repeated
    let notAiven = 0;
    let serverErrors = 0;
    const harFile = readdirSync(dir).find((f) => f.startsWith('har'));
    if (harFile) {
      const har = JSON.parse(readFileSync(join(dir, harFile), 'utf8'));
      for (const entry of har.log?.entries ?? []) {
        const status = entry.response?.status as number;
        if (status >= 500) serverErrors++;
        if (status < 400 || entry.request?.method === 'HEAD') continue;
        const text = entry.response?.content?.text ?? '';
        if (!isAivenError(text, status)) {
          notAiven++;
          if (notAiven <= 5) failures.push(`not the Aiven error body: ${entry.request.method} ${entry.request.url} → ${status} ${text.slice(0, 200)}`);
        }
      }
    } else {
      failures.push('schemathesis wrote no HAR file, so error bodies were not checked');
    }
    return {
      fuzz_cases: report.test_cases?.generated ?? 0,
      fuzz_failures: (report.test_cases?.with_failures ?? 0) + notAiven,
      fuzz_tool_errors: errors.length,
      error_bodies_not_aiven: notAiven,
      server_errors: serverErrors,
      failures: [...failures, ...errors],
      output,
    };
  } finally {
    await tessera.stop().catch(() => tessera.kill('SIGKILL'));
    rmSync(dir, { recursive: true, force: true });
  }
}

function isAivenError(text: string, status: number): boolean {
  try {
    const body = JSON.parse(text);
    return (
      typeof body?.message === 'string' &&
      Array.isArray(body.errors) &&
      body.errors.length > 0 &&
      body.errors.every((e: any) => typeof e.message === 'string' && e.status === status && typeof e.error_code === 'string')
    );
  } catch {
    return false;
  }
}

function run(exe: string, args: string[], cwd: string, log?: (line: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(exe, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', SCHEMATHESIS_TELEMETRY: 'false' } });
    let output = '';
    const take = (chunk: Buffer) => {
      output += chunk;
      if (log) for (const line of String(chunk).split('\n')) if (line.trim()) log(line);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('close', () => resolve(output));
  });
}
