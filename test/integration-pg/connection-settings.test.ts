// How a node reads its PostgreSQL settings: defaults, environment overrides, clear errors, TLS from the URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { poolConfig, postgresConnectionSettings } from '../../src/store/postgres/connection-settings.js';
import { redactUrl } from '../../src/store/redact-url.js';
import { parseDatabaseLocation } from '../../src/store/open-store.js';

test('defaults: pool of 10, 5 s statement timeout, 3 s connect timeout', () => {
  const settings = postgresConnectionSettings('postgres://u@db/t', {});
  assert.deepEqual(
    { pool: settings.poolSize, statement: settings.statementTimeoutMs, connect: settings.connectTimeoutMs },
    { pool: 10, statement: 5000, connect: 3000 },
  );
  const config = poolConfig(settings, 'tessera');
  assert.equal(config.max, 10);
  assert.equal(config.statement_timeout, 5000);
  assert.equal(config.connectionTimeoutMillis, 3000);
});

test('environment overrides, and errors that name the variable and the value', () => {
  const settings = postgresConnectionSettings('postgres://u@db/t', {
    TESSERA_DATABASE_POOL_SIZE: '25',
    TESSERA_DATABASE_STATEMENT_TIMEOUT: '1500',
    TESSERA_DATABASE_CONNECT_TIMEOUT: '800',
  });
  assert.deepEqual([settings.poolSize, settings.statementTimeoutMs, settings.connectTimeoutMs], [25, 1500, 800]);
  assert.throws(() => postgresConnectionSettings('postgres://u@db/t', { TESSERA_DATABASE_POOL_SIZE: 'ten' }), /TESSERA_DATABASE_POOL_SIZE must be an integer from 1 to 1000, got "ten"/);
  assert.throws(() => postgresConnectionSettings('postgres://u@db/t', { TESSERA_DATABASE_STATEMENT_TIMEOUT: '0' }), /TESSERA_DATABASE_STATEMENT_TIMEOUT .* got "0"/);
});

test('--database values: postgres:// and postgresql:// select PostgreSQL; passwords are redacted', () => {
  assert.equal(parseDatabaseLocation('postgres://u:p@db/t').dialect, 'postgres');
  assert.equal(parseDatabaseLocation('postgresql://u:p@db/t').dialect, 'postgres');
  assert.equal(parseDatabaseLocation('/var/lib/tessera.db').dialect, 'sqlite');
  assert.equal(redactUrl('postgres://tessera:s3cret@db:5432/t?sslmode=verify-full'), 'postgres://tessera:***@db:5432/t?sslmode=verify-full');
});

test('TLS comes from the URL (libpq parameter names, as pg reads them)', async () => {
  const { parse } = await import('pg-connection-string');
  assert.equal(parse('postgres://u@db/t?sslmode=no-verify').ssl && (parse('postgres://u@db/t?sslmode=no-verify').ssl as { rejectUnauthorized?: boolean }).rejectUnauthorized, false);
  assert.deepEqual(parse('postgres://u@db/t?sslmode=verify-full').ssl, {});
  assert.equal(parse('postgres://u@db/t?sslmode=disable').ssl, false);
});

test('a node whose database is unreachable at start says which one, without the password', async () => {
  const { createServer } = await import('node:net');
  const { openPostgresStore } = await import('../../src/store/postgres/open-postgres-store.js');
  // a port that was free a moment ago: nothing listens there
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
  const store = await openPostgresStore(`postgres://tessera:hunter2@127.0.0.1:${port}/tessera`);
  try {
    await assert.rejects(store.migrate(), (error: Error) => {
      assert.match(error.message, new RegExp(`PostgreSQL at postgres://tessera:\\*\\*\\*@127\\.0\\.0\\.1:${port}/tessera is not reachable: .*ECONNREFUSED`));
      assert.doesNotMatch(error.message, /hunter2/);
      return true;
    });
  } finally {
    await store.close();
  }
});
