// Cache invalidation across nodes through PostgreSQL LISTEN/NOTIFY.
//
// publish() invalidates this node's caches at once, then sends NOTIFY so every other node drops the same
// tokens within milliseconds. A notification can be lost only while a node's LISTEN connection is down;
// for that window the fallback is bounded: `reliable` turns false as soon as the listener knows
// (connection error or a missed heartbeat, ≈1 s), caches must not be trusted while it is false, and every
// down/up transition resets the caches entirely, so a missed revocation is read from the database.
import type pg from 'pg';
import type { CacheInvalidation } from '../cache-invalidation.js';
import type { PostgresConnectionSettings } from './connection-settings.js';
import { NotificationListener, type NotificationListenerOptions } from './notification-listener.js';

export const INVALIDATION_CHANNEL = 'tessera_cache_invalidation';
/** NOTIFY payloads must stay below 8000 bytes; token prefixes are short, so batch by count. */
const PREFIXES_PER_NOTIFICATION = 100;

export interface CacheInvalidationLog {
  warn(details: Record<string, unknown>, message: string): void;
}

export class PostgresCacheInvalidation implements CacheInvalidation {
  private readonly listeners: Array<(tokenPrefixes: readonly string[]) => void> = [];
  private readonly resetListeners: Array<() => void> = [];
  private readonly listener: NotificationListener;
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    settings: PostgresConnectionSettings,
    private readonly log: CacheInvalidationLog = { warn: () => undefined },
    listenerOptions: NotificationListenerOptions = {},
  ) {
    this.listener = new NotificationListener(
      settings,
      INVALIDATION_CHANNEL,
      {
        onMessage: (payload) => this.deliver(payload),
        onUp: () => this.reset(),
        onDown: (reason) => {
          this.log.warn({ reason }, 'cache invalidation connection lost: caching off until it is back');
          this.reset();
        },
      },
      listenerOptions,
    );
  }

  /** Opens the LISTEN connection (in the background if the database is not reachable yet). */
  async start(): Promise<void> {
    await this.listener.start();
  }

  /**
   * True while every invalidation will arrive. While false (LISTEN connection down), callers must not
   * answer from their caches.
   */
  get reliable(): boolean {
    return !this.closed && this.listener.isUp;
  }

  async publish(tokenPrefixes: readonly string[]): Promise<void> {
    if (tokenPrefixes.length === 0) return;
    for (const listener of this.listeners) listener(tokenPrefixes);
    for (let i = 0; i < tokenPrefixes.length; i += PREFIXES_PER_NOTIFICATION) {
      const payload = JSON.stringify(tokenPrefixes.slice(i, i + PREFIXES_PER_NOTIFICATION));
      await this.notify(payload);
    }
  }

  subscribe(listener: (tokenPrefixes: readonly string[]) => void): void {
    this.listeners.push(listener);
  }

  /** Called when caches must be dropped entirely (the listener went down or came back). */
  subscribeReset(listener: () => void): void {
    this.resetListeners.push(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.length = 0;
    this.resetListeners.length = 0;
    await this.listener.close();
  }

  private async notify(payload: string): Promise<void> {
    // The change is already committed when this runs. If NOTIFY fails, the database is unreachable, and
    // so is every other node's LISTEN connection: they reset their caches when it drops. Retry for a
    // while in the background anyway, and never fail (or hold up) the committed request because of it.
    try {
      await this.pool.query('SELECT pg_notify($1, $2)', [INVALIDATION_CHANNEL, payload]);
    } catch (error) {
      this.log.warn({ error: (error as Error).message }, 'cache invalidation NOTIFY failed; retrying in the background');
      void this.retryNotify(payload);
    }
  }

  private async retryNotify(payload: string): Promise<void> {
    for (let attempt = 0; attempt < 40 && !this.closed; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 250).unref());
      try {
        await this.pool.query('SELECT pg_notify($1, $2)', [INVALIDATION_CHANNEL, payload]);
        return;
      } catch {
        // still unreachable
      }
    }
  }

  private deliver(payload: string): void {
    let prefixes: unknown;
    try {
      prefixes = JSON.parse(payload);
    } catch {
      prefixes = undefined;
    }
    if (!Array.isArray(prefixes) || !prefixes.every((p) => typeof p === 'string')) {
      // Someone else's payload on our channel: be safe and drop everything.
      this.reset();
      return;
    }
    for (const listener of this.listeners) listener(prefixes);
  }

  private reset(): void {
    for (const listener of this.resetListeners) listener();
  }
}
