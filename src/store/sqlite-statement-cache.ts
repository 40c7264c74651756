// Prepared-statement reuse for the SQLite store. Kysely's two SQLite drivers (its own for
// better-sqlite3, kysely-sqlite for node:sqlite) prepare every query afresh: `database.prepare(sql)`,
// then all() or run() once. Preparing was a tenth of the server's CPU for a create (five statements:
// begin, insert, the newest event id, the event insert, commit; Node 20, bench/writes.ts), and the
// store's queries are a small, fixed set of SQL texts (values are bound, never inlined). The drivers
// take the database as an object with prepare() and close() (kysely's SqliteDatabase); handing them
// this cache in its place lets them reuse a statement for the same SQL text, the drivers unchanged.
//
// Reuse is safe because a statement serves one call at a time: both libraries' all() and run() bind,
// step to the end and reset the statement before returning (or throwing), so a statement leaves no
// read transaction open and no parameter behind (test/integration/sqlite-statement-cache.test.ts).
// The exception is iterate(), which leaves its statement mid-way until the iterator is done: a
// stream (Kysely's .stream(); nothing in the store streams today) gets a statement of its own, so a
// query of the same SQL meanwhile cannot reset it under the iterator.
//
// Schema changes: SQLite recompiles a prepared statement whose tables changed when it next runs, but
// node:sqlite on Node 22 reads the result's column count before that, so the first run of a reused
// `SELECT *` (or `RETURNING *`) after an ALTER TABLE ADD COLUMN left the new column out. A statement
// that changes the schema (CREATE, ALTER, DROP: the migrations') or may undo a change (ROLLBACK, after
// errors only) therefore empties the cache and is not kept itself. Kysely prepares and runs a
// statement in one synchronous step, so whatever is cached afterwards was prepared against the new
// schema. Schema changes from outside (another process, the raw connection) while the store is open
// are not seen: the migrations run through the store, before it serves.
//
// Bound: the least recently used out beyond `capacity` SQL texts. A plain Map (it iterates in
// insertion order: a hit is moved to the end, the first key is the eldest) rather than the server's
// LruMap, which the store may not import (src/store sits below src/server) and whose digest-key
// machinery is for the authentication tables. An evicted statement is finalized when garbage
// collected (neither library has a finalize call); closing the database finalizes the rest.

/** The statement methods the two drivers call (better-sqlite3's `reader`, node:sqlite's `columns()`). */
interface Statement {
  readonly reader?: boolean;
  columns?(): unknown[];
  all(...parameters: unknown[]): unknown[];
  run(...parameters: unknown[]): unknown;
  iterate(...parameters: unknown[]): IterableIterator<unknown>;
}

/** What either library's database offers the drivers. */
export interface PreparingDatabase {
  prepare(sql: string): Statement;
  close(): void;
}

/** Enough for every distinct SQL text the store runs (a few dozen) with room for the migrations' one-offs. */
export const DEFAULT_STATEMENT_CACHE_CAPACITY = 256;

/** SQL that changes the schema or may undo a change (see above); Kysely writes these keywords first. */
const SCHEMA_CHANGE = /^\s*(create|alter|drop|rollback)\b/i;

export class SqliteStatementCache implements PreparingDatabase {
  private readonly statements = new Map<string, CachedStatement>();

  constructor(
    private readonly database: PreparingDatabase,
    readonly capacity = DEFAULT_STATEMENT_CACHE_CAPACITY,
  ) {
    if (!(capacity >= 1)) throw new Error(`a statement cache holds at least 1 statement, not ${capacity}`);
  }

  /** How many statements are held (for tests). */
  get size(): number {
    return this.statements.size;
  }

  prepare(sql: string): Statement {
    if (SCHEMA_CHANGE.test(sql)) {
      this.statements.clear();
      return this.database.prepare(sql);
    }
    const cached = this.statements.get(sql);
    if (cached !== undefined) {
      // most recently used: to the end of the Map's order
      this.statements.delete(sql);
      this.statements.set(sql, cached);
      return cached;
    }
    // prepare first: SQL that does not compile throws here and is not cached
    const statement = new CachedStatement(this.database.prepare(sql), () => this.database.prepare(sql));
    if (this.statements.size >= this.capacity) this.statements.delete(this.statements.keys().next().value!);
    this.statements.set(sql, statement);
    return statement;
  }

  close(): void {
    this.statements.clear();
    this.database.close();
  }
}

/** A reusable statement: all() and run() on the prepared one; iterate() on one of its own (see above). */
class CachedStatement implements Statement {
  private columnList: unknown[] | undefined;

  constructor(
    private readonly statement: Statement,
    private readonly prepareAnother: () => Statement,
  ) {}

  get reader(): boolean | undefined {
    return this.statement.reader;
  }

  // kysely-sqlite asks before every run whether the statement returns rows; node:sqlite builds the
  // column descriptions anew each time (7 µs of a create). They change only with the schema, and a
  // schema change empties the cache, so the first answer holds for this statement's life.
  columns(): unknown[] {
    return (this.columnList ??= this.statement.columns!());
  }

  all(...parameters: unknown[]): unknown[] {
    return this.statement.all(...parameters);
  }

  run(...parameters: unknown[]): unknown {
    return this.statement.run(...parameters);
  }

  iterate(...parameters: unknown[]): IterableIterator<unknown> {
    return this.prepareAnother().iterate(...parameters);
  }
}
