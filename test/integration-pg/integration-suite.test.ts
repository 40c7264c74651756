// The whole integration suite (test/integration), run a second time with PostgreSQL as the database:
// same tests, parameterised by TESSERA_TEST_DATABASE=postgres://SERVER (each test server then gets a
// fresh database on it; see testDatabase() in test/integration/support/test-server.ts and startTessera).
// The suite's own output is shown on failure, and its summary always.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { postgresForTests, withDatabase, type TestPostgres } from '../support/postgres.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pgOrSkip = await postgresForTests();
const skip = 'skip' in pgOrSkip ? pgOrSkip.skip : false;

test('the integration suite passes on PostgreSQL', { skip, timeout: 15 * 60_000 }, async () => {
  const pg = pgOrSkip as TestPostgres;
  try {
    const files = readdirSync(join(root, 'test/integration'))
      .filter((f) => f.endsWith('.test.ts'))
      .sort()
      .map((f) => join('test/integration', f));
    assert.ok(files.length > 0, 'no integration tests found');
    // Databases are created on the server through its maintenance database.
    const server = withDatabase(pg.url, 'postgres');
    // NODE_TEST_CONTEXT marks a child of the test runner; without removing it the nested run does nothing.
    const { NODE_TEST_CONTEXT: _nested, ...env } = process.env;
    const { code, output } = await run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
      ...env,
      TESSERA_TEST_DATABASE: server,
    });
    const summary = output.split('\n').filter((line) => /^ℹ (tests|pass|fail|cancelled|skipped|duration_ms) /.test(line));
    process.stderr.write(`integration suite on PostgreSQL (${pg.source}): ${summary.map((l) => l.slice(2)).join(', ')}\n`);
    assert.equal(code, 0, `the integration suite failed on PostgreSQL:\n${failuresOf(output)}`);
    assert.match(output, /ℹ pass [1-9]/, 'no test ran');
  } finally {
    await pg.stop();
  }
});

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** The failing tests' part of a spec-reporter output (or its tail). */
function failuresOf(output: string): string {
  const at = output.indexOf('✖ failing tests:');
  return at >= 0 ? output.slice(at, at + 20_000) : output.slice(-20_000);
}
