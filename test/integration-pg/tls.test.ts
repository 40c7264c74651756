// TLS to the database, configured in the URL: every connection a node opens (the pool and the LISTEN
// connection) is encrypted and checks the server's certificate against the given CA.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { privateClusterUnavailableReason, startPostgresCluster, withAdminClient, type PostgresCluster } from '../support/postgres.js';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/open-postgres-store.js';

const opensslMissing = spawnSync('openssl', ['version']).status !== 0;
const cannot = privateClusterUnavailableReason();
const skip = cannot
  ? `SKIPPED: TLS tests start a TLS-enabled PostgreSQL server of their own: ${cannot}`
  : opensslMissing
    ? 'SKIPPED: TLS tests need openssl to make certificates'
    : false;
if (skip) console.error(`\n!!! ${skip}\n`);

describe('TLS to PostgreSQL', { skip }, () => {
  let cluster: PostgresCluster;
  let database: string;
  const stores: PostgresStore[] = [];

  before(async () => {
    cluster = await startPostgresCluster({ tls: true });
    database = await cluster.createDatabase();
  });
  after(async () => {
    for (const store of stores) await store.close().catch(() => undefined);
    await cluster?.stop();
  });

  const withParams = (params: string) => {
    const url = new URL(database);
    url.hostname = 'localhost';
    url.search = params;
    return url.toString();
  };

  test('sslmode=verify-full with the CA: the pool and the LISTEN connection are encrypted', async () => {
    const store = await openPostgresStore(withParams(`sslmode=verify-full&sslrootcert=${encodeURIComponent(cluster.caFile!)}`));
    stores.push(store);
    await store.migrate();
    await store.listOrganizations();
    assert.equal(store.invalidation.reliable, true);
    const rows = await withAdminClient(database, (client) =>
      client.query(
        `SELECT a.application_name, s.ssl FROM pg_stat_activity a JOIN pg_stat_ssl s ON s.pid = a.pid
         WHERE a.datname = current_database() AND a.application_name IN ('tessera', 'tessera-listener')`,
      ),
    );
    const seen = new Map(rows.rows.map((r) => [r.application_name as string, r.ssl as boolean]));
    assert.equal(seen.get('tessera'), true, 'pool connection not encrypted');
    assert.equal(seen.get('tessera-listener'), true, 'LISTEN connection not encrypted');
  });

  test('a server certificate from another CA is refused', async () => {
    const otherCa = join(dirname(cluster.caFile!), 'other-ca.pem');
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', '/dev/null', '-out', otherCa, '-days', '1', '-subj', '/CN=someone else'], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    const store = await openPostgresStore(withParams(`sslmode=verify-full&sslrootcert=${encodeURIComponent(otherCa)}`));
    stores.push(store);
    await assert.rejects(store.migrate(), /certificate/i);
  });
});
