// Coalesces last-use recording: every authenticated request updates an in-memory entry per token,
// and a timer writes the latest entry of each token about once a second. A burst of thousands of
// requests on one token is a handful of writes; a clean shutdown flushes what is pending.
// Memory is bounded (maxPending, TESSERA_CACHE_MAX_ENTRIES): reaching the bound starts a flush at once,
// and while the database cannot take the writes, the least recently used record is dropped for a new
// token's (one lost last-use update, counted in `dropped`).
import { LRUCache } from 'lru-cache';
import type { Store } from '../../store/store.js';
import type { TokenUse } from '../../store/records.js';

export interface LastUseBufferOptions {
  flushIntervalMs?: number;
  /** Most tokens with a pending record (default 100,000). */
  maxPending?: number;
  onFlushError?: (error: unknown) => void;
}

export class LastUseBuffer {
  private readonly pending: LRUCache<string, TokenUse>;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  /** UPDATE statements issued (one per token per flush). */
  writes = 0;
  /** Records dropped because the buffer was full while writes were not keeping up. */
  dropped = 0;

  constructor(
    private readonly store: Store,
    private readonly options: LastUseBufferOptions = {},
  ) {
    this.pending = new LRUCache<string, TokenUse>({
      max: Math.max(1, options.maxPending ?? 100_000),
      dispose: (_use, _prefix, reason) => {
        if (reason === 'evict') this.dropped++;
      },
    });
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), this.options.flushIntervalMs ?? 1000);
    this.timer.unref();
  }

  /** The latest use wins; earlier pending uses of the same token are simply replaced. */
  record(use: TokenUse): void {
    if (this.pending.size >= this.pending.max && !this.flushing && !this.pending.has(use.tokenPrefix)) void this.flush();
    this.pending.set(use.tokenPrefix, use);
  }

  pendingFor(tokenPrefix: string): TokenUse | undefined {
    return this.pending.peek(tokenPrefix);
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Writes everything pending; concurrent calls share one flush. */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.pending.size === 0) return Promise.resolve();
    const batch = [...this.pending.values()];
    this.pending.clear();
    this.flushing = this.store
      .recordUses(batch)
      .then(() => {
        this.writes += batch.length;
      })
      .catch((error: unknown) => {
        // keep the uses (unless newer ones arrived meanwhile) and try again next tick
        // (only into free room: uses recorded meanwhile are newer and stay)
        for (const use of batch) {
          if (this.pending.has(use.tokenPrefix)) continue;
          if (this.pending.size < this.pending.max) this.pending.set(use.tokenPrefix, use);
          else this.dropped++;
        }
        this.options.onFlushError?.(error);
      })
      .finally(() => {
        this.flushing = undefined;
      });
    return this.flushing;
  }

  /** Stops the timer and flushes what is pending (clean shutdown). */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flushing;
    await this.flush();
  }
}
