// PostgreSQL backup as the README describes it: pg_dump (one consistent snapshot) while a node serves a
// write load, pg_restore into a fresh database, and a node started on the restored database holds every
// write acknowledged before the dump began. Skips loudly where PostgreSQL is not installed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findPostgresBinaries, postgresForTests, withAdminClient, withDatabase, type TestPostgres } from '../support/postgres.js';
import { startTessera, type RunningTessera } from '../support/tessera.js';
import { WriteLoad } from './support/write-load.js';

const pgOrSkip = await postgresForTests();
const skip = 'skip' in pgOrSkip ? pgOrSkip.skip : false;

function run(exe: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(exe, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('PostgreSQL: pg_dump under load, restore, start a node on the copy', { skip }, () => {
  const pg = pgOrSkip as TestPostgres;
  let dir: string;
  let node: RunningTessera;
  let restoredName: string | undefined;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-pgdump-'));
    node = await startTessera({ database: pg.url, env: { TESSERA_AUTH_FAILURE_LIMIT: '0' } });
  });
  after(async () => {
    await node?.stop();
    if (restoredName) await withAdminClient(withDatabase(pg.url, 'postgres'), (c) => c.query(`DROP DATABASE IF EXISTS ${restoredName} WITH (FORCE)`));
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('every write acknowledged before pg_dump began is in the restored database', async () => {
    // pg_dump of the server's own version: beside the real initdb (PATH may hold only symlinks to the server programs)
    const found = findPostgresBinaries();
    const bin = found ? dirname(realpathSync(join(found, 'initdb'))) : '/usr/bin';
    const load = new WriteLoad(() => node.url, node.adminToken, { clients: 4 });
    load.start();
    let began: number;
    const dumpFile = join(dir, 'tessera.dump');
    try {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      began = Date.now();
      const dump = await run(join(bin, 'pg_dump'), ['--format=custom', '--no-owner', '--file', dumpFile, pg.url]);
      assert.equal(dump.code, 0, dump.output);
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      await load.stop();
    }
    assert.ok(load.acknowledgedBefore(began) > 20, `the load was writing before the dump (${load.acknowledgedBefore(began)})`);

    restoredName = `tessera_restored_${process.pid}`;
    await withAdminClient(withDatabase(pg.url, 'postgres'), (c) => c.query(`CREATE DATABASE ${restoredName}`));
    const restoredUrl = withDatabase(pg.url, restoredName);
    const restore = await run(join(bin, 'pg_restore'), ['--no-owner', '--exit-on-error', '--dbname', restoredUrl, dumpFile]);
    assert.equal(restore.code, 0, restore.output);

    const restored = await startTessera({ database: restoredUrl, env: { TESSERA_AUTH_FAILURE_LIMIT: '0', TESSERA_BOOTSTRAP_TOKEN: node.adminToken } });
    try {
      const verdict = await load.verify(restored.url, node.adminToken, began);
      assert.ok(verdict.checked >= 5, `checked ${verdict.checked} objects`);
      assert.deepEqual(verdict.lost, [], 'writes acknowledged before pg_dump began are in the restored database');
      assert.deepEqual(verdict.undone, [], 'revocations acknowledged before pg_dump began hold');
    } finally {
      await restored.stop();
    }
  });
});
