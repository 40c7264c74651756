// How one node tells every node (itself included) that cached verifications are stale.
// In-process for SQLite (one node); H5 backs the same interface with PostgreSQL LISTEN/NOTIFY.
export interface CacheInvalidation {
  /** Announces that these tokens are gone (revoked, owner deleted, owner's rights changed). */
  publish(tokenPrefixes: readonly string[]): Promise<void>;
  /** Called for every announcement, from this node or others. */
  subscribe(listener: (tokenPrefixes: readonly string[]) => void): void;
  close(): Promise<void>;
  /**
   * False while announcements from other nodes may be missed (PostgreSQL: the LISTEN connection is
   * down); caches must not answer then. Absent means always reliable (one process).
   */
  readonly reliable?: boolean;
  /** Called when every cached entry must go (announcements may have been missed). */
  subscribeReset?(listener: () => void): void;
}

export class InProcessCacheInvalidation implements CacheInvalidation {
  private readonly listeners: Array<(tokenPrefixes: readonly string[]) => void> = [];
  async publish(tokenPrefixes: readonly string[]): Promise<void> {
    for (const listener of this.listeners) listener(tokenPrefixes);
  }
  subscribe(listener: (tokenPrefixes: readonly string[]) => void): void {
    this.listeners.push(listener);
  }
  async close(): Promise<void> {
    this.listeners.length = 0;
  }
}
