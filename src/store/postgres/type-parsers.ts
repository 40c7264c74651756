// How column values come back from PostgreSQL, so records look the same as on SQLite.
// The schema keeps times as epoch milliseconds in bigint columns; `pg` returns int8 as strings by
// default (to be safe past 2^53). Every int8 Tessera stores (ms timestamps, seconds, counts) is far below
// 2^53, so they are parsed as numbers here, the same type better-sqlite3 returns. Anything above
// Number.MAX_SAFE_INTEGER is refused rather than silently rounded.
import pg from 'pg';

const INT8_OID = 20;

function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`int8 value ${text} is outside the safe integer range`);
  return value;
}

/** A per-pool `types` option (the global pg.types registry stays untouched). */
export const tesseraTypeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
    if (oid === INT8_OID && format !== 'binary') return parseInt8;
    return pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown;
  },
};
