/**
 * Coalesced token listings. The API has no single-token GET, so reading one token means listing all of
 * its user's tokens; refreshing 200 tokens of one user would cost 200 listings. Instead every
 * ReadResource of the same (organization, user) in this provider process shares one listing: an
 * in-flight request is joined, and a result stays good for a short window (terraform reads a state's
 * resources within seconds of each other). Creating or revoking a token of a user drops its entry.
 */
import type { AivenClient, ApplicationUserToken, RequestOptions } from '../../../client/index.js';
import { isCancellation } from '../../../terraform/framework/server/cancellation.js';

/** How long a finished listing answers later reads. Short: use data should not look stale. */
export const LISTING_REUSE_WINDOW_MS = 5_000;

/** How long past the starting reader's deadline a shared listing may still run. */
const SHARED_GRACE_MS = 250;

interface Entry {
  promise: Promise<ApplicationUserToken[]>;
  settledAt?: number;
}

export class TokenListings {
  private readonly entries = new Map<string, Entry>();
  /** Listings actually sent to the API (for tests and the refresh benchmark's sanity check). */
  requestsSent = 0;

  constructor(
    private readonly client: AivenClient,
    private readonly windowMs = LISTING_REUSE_WINDOW_MS,
  ) {}

  /** The user's live tokens; rejects like the client does (404 when the user or organization is gone). */
  async list(organizationId: string, userId: string, options: RequestOptions = {}): Promise<ApplicationUserToken[]> {
    for (;;) {
      const entry = this.current(organizationId, userId) ?? this.start(organizationId, userId, options);
      try {
        return await untilDeadline(entry.promise, options);
      } catch (err) {
        // A shared listing started by a reader with an earlier deadline may have been cut short by it;
        // a reader with time left starts its own instead of failing for someone else's deadline.
        const sharedTimedOut = isCancellation(err) && !options.signal?.aborted;
        const timeLeft = options.deadline === undefined || Date.now() < options.deadline;
        if (sharedTimedOut && timeLeft && this.entries.get(key(organizationId, userId)) !== entry) continue;
        throw err;
      }
    }
  }

  /** Forget what is known about this user's tokens (after creating or revoking one). */
  invalidate(organizationId: string, userId: string): void {
    this.entries.delete(key(organizationId, userId));
  }

  private current(organizationId: string, userId: string): Entry | undefined {
    const entry = this.entries.get(key(organizationId, userId));
    if (!entry) return undefined;
    if (entry.settledAt === undefined || Date.now() - entry.settledAt <= this.windowMs) return entry;
    this.entries.delete(key(organizationId, userId));
    return undefined;
  }

  private start(organizationId: string, userId: string, options: RequestOptions): Entry {
    const k = key(organizationId, userId);
    // The shared request is bounded by the starting reader's deadline (plus a moment, so that the
    // reader's own signal reports its timeout first), not cancelled by its signal: other readers may
    // be waiting on it.
    const signal =
      options.deadline === undefined ? undefined : AbortSignal.timeout(Math.max(1, options.deadline - Date.now() + SHARED_GRACE_MS));
    this.requestsSent++;
    const entry: Entry = {
      promise: this.client.listApplicationUserTokens(organizationId, userId, { deadline: options.deadline, signal }),
    };
    this.entries.set(k, entry);
    entry.promise.then(
      () => {
        entry.settledAt = Date.now();
      },
      () => {
        if (this.entries.get(k) === entry) this.entries.delete(k);
      },
    );
    return entry;
  }
}

function key(organizationId: string, userId: string): string {
  return `${organizationId}\u0000${userId}`;
}

/**
 * `promise`, or the caller's abort when its signal fires first; a caller without a signal gets a
 * TimeoutError at its deadline.
 */
function untilDeadline<T>(promise: Promise<T>, options: RequestOptions): Promise<T> {
  const { signal } = options;
  const deadline = signal ? undefined : options.deadline;
  if (deadline === undefined && !signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const cleanups: (() => void)[] = [];
    const finish = (fn: () => void) => {
      for (const cleanup of cleanups) cleanup();
      fn();
    };
    if (deadline !== undefined) {
      const timer = setTimeout(
        () => finish(() => reject(new DOMException('deadline exceeded while listing tokens', 'TimeoutError'))),
        Math.max(0, deadline - Date.now()),
      );
      cleanups.push(() => clearTimeout(timer));
    }
    if (signal) {
      if (signal.aborted) return reject(signal.reason);
      const onAbort = () => finish(() => reject(signal.reason));
      signal.addEventListener('abort', onAbort, { once: true });
      cleanups.push(() => signal.removeEventListener('abort', onAbort));
    }
    promise.then(
      (value) => finish(() => resolve(value)),
      (err) => finish(() => reject(err)),
    );
  });
}

const byClient = new WeakMap<AivenClient, TokenListings>();

/** The listings shared by every resource that uses this configured client (one per provider process). */
export function tokenListingsFor(client: AivenClient): TokenListings {
  let listings = byClient.get(client);
  if (!listings) {
    listings = new TokenListings(client);
    byClient.set(client, listings);
  }
  return listings;
}
