// Coalesces last-use recording: every authenticated request updates an in-memory entry per token,
// and a timer writes the latest entry of each token about once a second. A burst of thousands of
// requests on one token is a handful of writes; a clean shutdown flushes what is pending.
// Memory is bounded (maxPending, TESSERA_CACHE_MAX_ENTRIES): reaching the bound starts a flush at once,
// and while the database cannot take the writes, the least recently used record is dropped for a new
// token's (one lost last-use update, counted in `dropped`).
//
// It also notices a token's first use from a new client address or a new client (user agent): each
// (token, value) pair this node has not seen becomes a sighting, written with the next flush as an
// audit event that the database keeps once per pair (whichever node saw it first). A node remembers
// the pairs it has seen, so a steady stream of requests costs no extra writes.
import { createHash } from 'node:crypto';
import { ADMIN_ACTOR } from '../../domain/audit-actions.js';
import { LruMap } from './lru-map.js';
import type { Store } from '../../store/store.js';
import type { TokenRecord, TokenSighting, TokenUse } from '../../store/records.js';

/** Pairs remembered per node; when full the memory starts over (a re-sighting is one no-op insert). */
const MAX_KNOWN_PAIRS = 100_000;
/** Sightings written per flush at most (a flood of new addresses must not turn into a flood of writes). */
const MAX_SIGHTINGS_PER_FLUSH = 1_000;

export interface LastUseBufferOptions {
  flushIntervalMs?: number;
  /** Most tokens with a pending record (default 100,000). */
  maxPending?: number;
  onFlushError?: (error: unknown) => void;
}

export class LastUseBuffer {
  private readonly pending: LruMap<TokenUse>;
  private sightings = new Map<string, TokenSighting>();
  private known = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  /** UPDATE statements issued (one per token per flush). */
  writes = 0;
  /** INSERT statements of first-sighting events (one per flush that has any, with the last-use UPDATEs). */
  sightingWrites = 0;
  /** Records dropped because the buffer was full while writes were not keeping up. */
  dropped = 0;

  constructor(
    private readonly store: Store,
    private readonly options: LastUseBufferOptions = {},
  ) {
    this.pending = new LruMap<TokenUse>(Math.max(1, options.maxPending ?? 100_000), {
      onEvict: () => {
        this.dropped++;
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

  /**
   * record() on the verifier's hot path, which returns the pending record: a token that already has
   * one gets it updated in place (and made the most recently used, as a replacement would), sparing an
   * object and a replacement on every request. Safe because flush() takes the records out of `pending`
   * before handing them to the store: a record being written is never one that is updated here.
   */
  recordUse(
    tokenPrefix: string,
    usedAt: number,
    ip: string,
    userAgent: string | null,
    userAgentHumanReadable: string | null,
    expiryTime: number | null | undefined,
  ): TokenUse {
    const pending = this.pending.get(tokenPrefix);
    if (pending !== undefined) {
      pending.usedAt = usedAt;
      pending.ip = ip;
      pending.userAgent = userAgent;
      pending.userAgentHumanReadable = userAgentHumanReadable;
      pending.expiryTime = expiryTime;
      return pending;
    }
    // one object shape whether or not the expiry slides (undefined = not written)
    const use: TokenUse = { tokenPrefix, usedAt, ip, userAgent, userAgentHumanReadable, expiryTime };
    this.record(use);
    return use;
  }

  /**
   * Notes the address and user agent of a use; those this node has not seen with this token become
   * sightings. The caller skips this when both equal the token's last use (the common case).
   */
  noteClient(token: TokenRecord, ip: string, userAgent: string | null, userAgentHumanReadable: string | null, now: number): void {
    this.sight(token, 'ip', ip, now, { ip }, ip, userAgent);
    if (userAgent !== null && userAgent !== '') {
      this.sight(token, 'client', userAgent, now, { user_agent: userAgent, client: userAgentHumanReadable }, ip, userAgent);
    }
  }

  private sight(
    token: TokenRecord,
    kind: 'ip' | 'client',
    value: string,
    now: number,
    details: Record<string, unknown>,
    ip: string,
    userAgent: string | null,
  ): void {
    const key = `${token.tokenPrefix}\u0000${kind}\u0000${value}`;
    if (this.known.has(key)) return;
    if (this.sightings.size >= MAX_SIGHTINGS_PER_FLUSH) return; // not remembered: noticed again later
    if (this.known.size >= MAX_KNOWN_PAIRS) this.known.clear();
    this.known.add(key);
    this.sightings.set(key, {
      dedupKey: createHash('sha256').update(key).digest('base64url'),
      event: {
        time: now,
        organizationId: token.organizationId,
        actor: token.userId ?? ADMIN_ACTOR,
        actorTokenPrefix: token.tokenPrefix,
        action: kind === 'ip' ? 'token.used_from_new_ip' : 'token.used_from_new_client',
        target: token.tokenPrefix,
        ip,
        userAgent,
        details,
      },
    });
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
    if (this.pending.size === 0 && this.sightings.size === 0) return Promise.resolve();
    const batch = [...this.pending.values()];
    const sightings = this.sightings;
    this.pending.clear();
    this.sightings = new Map();
    this.flushing = this.store
      .recordUses(batch, [...sightings.values()])
      .then(() => {
        this.writes += batch.length;
        if (sightings.size > 0) this.sightingWrites++;
      })
      .catch((error: unknown) => {
        // keep the uses (unless newer ones arrived meanwhile) and try again next tick
        // (only into free room: uses recorded meanwhile are newer and stay)
        for (const use of batch) {
          if (this.pending.has(use.tokenPrefix)) continue;
          if (this.pending.size < this.pending.max) this.pending.set(use.tokenPrefix, use);
          else this.dropped++;
        }
        for (const [key, sighting] of sightings) if (!this.sightings.has(key)) this.sightings.set(key, sighting);
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
