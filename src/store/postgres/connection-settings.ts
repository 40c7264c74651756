// How Tessera connects to PostgreSQL: the URL plus a few settings from the environment.
//
// - TLS to the database is configured in the URL with the libpq parameters `pg` understands:
//   `sslmode=verify-full&sslrootcert=/path/ca.pem` (encrypted, server certificate and host name checked),
//   `sslmode=no-verify` (encrypted, not checked), `sslcert`/`sslkey` for client certificates.
//   (`pg` treats `sslmode=require` like verify-full unless `uselibpqcompat=true` is added.)
// - TESSERA_DATABASE_POOL_SIZE: connections per node (default 10). Every node opens this many plus one
//   for LISTEN, so nodes × (pool + 1) must stay below the server's max_connections.
// - TESSERA_DATABASE_STATEMENT_TIMEOUT: milliseconds before the server cancels a statement (default 5000).
// - TESSERA_DATABASE_CONNECT_TIMEOUT: milliseconds to wait for a connection, so an unreachable database
//   turns into a 503 quickly instead of a hung request (default 3000).
import type { PoolConfig } from 'pg';
import { integerFromEnv } from '../../domain/integer-setting.js';

export interface PostgresConnectionSettings {
  /** The postgres:// URL exactly as given (credentials included: never log it, use redactUrl from ../redact-url.js). */
  url: string;
  poolSize: number;
  statementTimeoutMs: number;
  connectTimeoutMs: number;
}

export function isPostgresUrl(database: string): boolean {
  return /^postgres(ql)?:\/\//i.test(database);
}

export function postgresConnectionSettings(
  url: string,
  env: Record<string, string | undefined> = process.env,
): PostgresConnectionSettings {
  return {
    url,
    poolSize: integerFromEnv(env, 'TESSERA_DATABASE_POOL_SIZE', 10, 1, 1000),
    statementTimeoutMs: integerFromEnv(env, 'TESSERA_DATABASE_STATEMENT_TIMEOUT', 5000, 1, 3_600_000),
    connectTimeoutMs: integerFromEnv(env, 'TESSERA_DATABASE_CONNECT_TIMEOUT', 3000, 1, 600_000),
  };
}

/** Options for a pg.Pool (or pg.Client) from the settings. */
export function poolConfig(settings: PostgresConnectionSettings, applicationName: string): PoolConfig {
  return {
    connectionString: settings.url,
    max: settings.poolSize,
    statement_timeout: settings.statementTimeoutMs,
    // A transaction left open by a crashed request must not hold row locks for long.
    idle_in_transaction_session_timeout: Math.max(settings.statementTimeoutMs * 2, 10_000),
    connectionTimeoutMillis: settings.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    application_name: applicationName,
  };
}

