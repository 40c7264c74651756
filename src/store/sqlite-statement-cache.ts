// Prepared-statement reuse for the SQLite store. Kysely's two SQLite drivers (its own for
// better-sqlite3, kysely-sqlite for node:sqlite) prepare every query afresh: `database.prepare(sql)`,
// then all() or run() once. Compiling SQL is a fifth of the server's CPU for a create (five statements:
// begin, insert, the newest event id, the event insert, commit), and the store's queries are a small,
// fixed set of SQL texts (parameters are bound, never inlined). The drivers take the database as an
// object with prepare() and close() (kysely's SqliteDatabase); handing them this cache in its place
// lets them reuse a statement for the same SQL text, with the drivers themselves unchanged.
//
// Reuse is safe because a statement is used by one call at a time: both libraries' all() and run()
// bind, step to the end and reset the statement before returning (or throwing), so a statement
// leaves no read transaction open and no parameter behind (test/integration/sqlite-statement-cache.test.ts).
// The one exception is iterate(), which leaves the statement mid-way until the iterator is done: a
// stream (Kysely's .stream(); nothing in the store streams today) gets a statement of its own, so a
// query with the same SQL while the stream is open cannot reset it under the iterator.
//
// Bound: least recently used out beyond `capacity` SQL texts. A plain Map (its order is insertion
// order: a hit is moved to the end, the first key is the eldest) instead of the server's LruMap,
// which the store may not import (src/store sits below src/server) and whose digest-key machinery
// serves the authentication tables. An evicted statement is finalized when garbage collected (neither
// library has a finalize call); close() finalizes the rest.

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
  constructor(
    private readonly statement: Statement,
    private readonly prepareAnother: () => Statement,
  ) {}

  get reader(): boolean | undefined {
    return this.statement.reader;
  }

  columns(): unknown[] {
    return this.statement.columns!();
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
