// `tessera serve`: the token service. Flags fall back to environment variables, then defaults.
import type { Command } from 'commander';
import { integerFromEnv, parseIntegerSetting } from '../../domain/integer-setting.js';
import { DEFAULT_MAX_AGE_SECONDS, MAX_MAX_AGE_SECONDS } from '../../domain/expiry.js';

export function register(program: Command): void {
  program
    .command('serve')
    .description('run the token service (HTTP API)')
    .option('--host <host>', 'address to listen on (env TESSERA_HOST)', process.env.TESSERA_HOST || '127.0.0.1')
    .option('--port <port>', 'port to listen on, 0 = any free port (env TESSERA_PORT)', process.env.TESSERA_PORT || '8080')
    .option(
      '--database <location>',
      'a SQLite file path, sqlite:PATH, or postgres://… (env TESSERA_DATABASE)',
      process.env.TESSERA_DATABASE || '.tessera/tessera.db',
    )
    .option('--tls-cert <file>', 'serve HTTPS with this PEM certificate (chain); re-read on SIGHUP (env TESSERA_TLS_CERT)', process.env.TESSERA_TLS_CERT || undefined)
    .option('--tls-key <file>', 'the PEM private key for --tls-cert (env TESSERA_TLS_KEY)', process.env.TESSERA_TLS_KEY || undefined)
    .action(async (opts: { host: string; port: string; database: string; tlsCert?: string; tlsKey?: string }) => {
      try {
        const env = process.env;
        const { serve } = await import('../../server/serve.js');
        const { tlsFilesFrom } = await import('../../server/tls-files.js');
        await serve({
          host: opts.host,
          port: parseIntegerSetting('--port', opts.port, 0, 65535),
          tls: tlsFilesFrom(opts.tlsCert, opts.tlsKey),
          database: opts.database,
          bootstrapToken: env.TESSERA_BOOTSTRAP_TOKEN,
          defaultMaxAgeSeconds: integerFromEnv(env, 'TESSERA_DEFAULT_TOKEN_MAX_AGE', DEFAULT_MAX_AGE_SECONDS, 0, MAX_MAX_AGE_SECONDS),
          authFailureLimit: integerFromEnv(env, 'TESSERA_AUTH_FAILURE_LIMIT', 30, 0, 1_000_000),
          trustProxy: env.TESSERA_TRUST_PROXY || false,
          headersTimeoutMs: integerFromEnv(env, 'TESSERA_HEADERS_TIMEOUT_MS', 10000, 100, 3_600_000),
          requestTimeoutMs: integerFromEnv(env, 'TESSERA_REQUEST_TIMEOUT_MS', 15000, 100, 3_600_000),
          idleTimeoutMs: integerFromEnv(env, 'TESSERA_IDLE_TIMEOUT_MS', 30000, 100, 3_600_000),
          logLevel: env.TESSERA_LOG_LEVEL || 'info',
          cacheMaxEntries: integerFromEnv(env, 'TESSERA_CACHE_MAX_ENTRIES', 100000, 1, 100_000_000),
          lastUseFlushIntervalMs: integerFromEnv(env, 'TESSERA_LAST_USE_FLUSH_MS', 1000, 10, 3_600_000),
          auditRetentionDays: integerFromEnv(env, 'TESSERA_AUDIT_RETENTION_DAYS', 365, 0, 36_500),
        });
      } catch (error) {
        process.stderr.write(`tessera serve: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      }
    });
}
