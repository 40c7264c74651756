// Opens the Store a --database value names: a file path, "sqlite:PATH", or "postgres://…".
import type { SqlStore } from './sql-store.js';

export type DatabaseLocation = { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string };

export function parseDatabaseLocation(value: string): DatabaseLocation {
  if (/^postgres(ql)?:\/\//i.test(value)) return { dialect: 'postgres', url: value };
  if (value.startsWith('sqlite:')) return { dialect: 'sqlite', path: value.slice('sqlite:'.length) };
  return { dialect: 'sqlite', path: value };
}

/** Opens (but does not migrate) the store. */
export async function openStore(
  value: string,
  /** Where a PostgreSQL store reports connection trouble (lost idle connections, LISTEN down). */
  options: { log?: { warn(details: Record<string, unknown>, message: string): void } } = {},
): Promise<SqlStore> {
  const location = parseDatabaseLocation(value);
  if (location.dialect === 'sqlite') {
    const { openSqliteStore } = await import('./sqlite.js');
    return openSqliteStore(location.path);
  }
  // PostgreSQL (H5): the same SqlStore over a pg Pool, with advisory-locked migrations and LISTEN/NOTIFY.
  const { openPostgresStore } = await import('./postgres/open-postgres-store.js');
  return openPostgresStore(location.url, { log: options.log });
}

export { redactUrl } from './redact-url.js';
