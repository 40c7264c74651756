// Failed authentications, counted per client address (an IPv6 address by its /64, since one host owns
// a whole /64) and per address and token prefix, each counter in its own window. The rule (README,
// "Security notes"):
//   - a token already verified on this node is never limited (the token verifier asks isKnown first):
//     its neighbours' failures do not turn it away, not even once its cache entry has aged out;
//   - a well-formed token is refused with 429 before any lookup only when that same token prefix has
//     failed `limit` times from that address (clients still using a revoked token limit themselves);
//   - an address from which no token has been accepted in the last window (no real user seen there)
//     gets at most `limit` lookups of never-seen tokens in its window, counted when each lookup starts
//     (so lookups in flight at once count too): a flood of made-up tokens from many addresses costs the
//     database at most addresses × limit lookups a window, however it is spread;
//   - from an address with `limit` failures, malformed tokens get 429, and well-formed tokens never
//     seen before are looked up at most once per second per address, and at most
//     `limitedLookupsPerSecond` a second from all limited addresses together — and only while the
//     address is vouched for (a token was accepted from it in the last window: a host with a real user,
//     like the host of clients still using a revoked token) or has not yet spent its `limit` lookups
//     (its failures were cheap ones, such as bad checksums). So a valid new token still gets in from a
//     host whose neighbours fail, and an address that has only ever failed lookups gets 429 without
//     any lookup until its window ends (Retry-After).
// The tables are bounded and evict the least recently seen entry, so a full table keeps limiting (an
// evicted vouch only means the address counts its lookups again).

import { LruMap } from './lru-map.js';

/** Lookups a second of never-seen tokens from all limited addresses together (README, Security notes). */
export const LIMITED_LOOKUPS_PER_SECOND = 10;

interface Counter {
  failures: number;
  windowStart: number;
  /** When a lookup was last allowed while this address was limited. */
  lastLookup: number;
  /** Lookups of never-seen tokens started from this address in this window. */
  lookups: number;
}

/**
 * Counters in their own fixed windows, bounded: when full, the least recently seen goes. An LruMap, not
 * a Map re-inserted on each touch: V8 leaves deleted Map entries in place until it rehashes, so finding
 * the oldest key walked over them, and under a flood of failures from many addresses each failure cost
 * more the longer it went on (300,000 failures into a 100,000 table: 37 s).
 */
class RecentCounters {
  private readonly entries: LruMap<Counter>;

  constructor(
    private readonly windowMs: number,
    maxEntries: number,
  ) {
    this.entries = new LruMap(maxEntries);
  }

  get(key: string, now: number): Counter | undefined {
    const counter = this.entries.peek(key); // reading does not make an entry recent; counting does
    if (counter === undefined) return undefined;
    if (now - counter.windowStart >= this.windowMs) {
      this.entries.delete(key);
      return undefined;
    }
    return counter;
  }

  increment(key: string, now: number): void {
    this.touch(key, now).failures++;
  }

  /** The counter of `key` (a new one in a new window), now the most recently seen. */
  touch(key: string, now: number): Counter {
    const counter = this.get(key, now) ?? { failures: 0, windowStart: now, lastLookup: -Infinity, lookups: 0 };
    this.entries.set(key, counter); // the most recently seen; evicts the least recently seen when full
    return counter;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** IPv6 addresses count by their /64 (the part a single host or customer gets); IPv4 as they are. */
export function limiterKey(ip: string): string {
  if (!ip.includes(':')) return ip;
  const address = ip.split('%')[0];
  const double = address.indexOf('::');
  const parts = (text: string) => (text === '' ? [] : text.split(':'));
  let groups: string[];
  if (double === -1) groups = parts(address);
  else {
    const left = parts(address.slice(0, double));
    const right = parts(address.slice(double + 2));
    groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  }
  return `${groups.slice(0, 4).map((group) => (Number.parseInt(group, 16) || 0).toString(16)).join(':')}::/64`;
}

export class FailedAuthLimiter {
  private readonly addresses: RecentCounters;
  private readonly tokens: RecentCounters;
  /** When a token was last accepted from each address (least recently seen first, bounded). */
  private readonly vouched: LruMap<number>;
  /** The shared budget: lookups from limited addresses in the current one-second window. */
  private limitedLookups = { windowStart: -Infinity, used: 0 };

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
    maxEntries = 100_000,
    /** While an address is limited, how often a token never seen before is still looked up. */
    private readonly lookupIntervalMs = 1000,
    /** Such lookups a second from all limited addresses together (a flood from many addresses). */
    private readonly limitedLookupsPerSecond = LIMITED_LOOKUPS_PER_SECOND,
  ) {
    this.addresses = new RecentCounters(windowMs, maxEntries);
    this.tokens = new RecentCounters(windowMs, maxEntries);
    this.vouched = new LruMap(maxEntries);
  }

  /** Has this address (or /64) failed `limit` times in its window? */
  isLimited(ip: string, now: number): boolean {
    if (this.limit <= 0) return false;
    return (this.addresses.get(limiterKey(ip), now)?.failures ?? 0) >= this.limit;
  }

  /**
   * A token was accepted from this address: a real user is there, so its lookups of new tokens are not
   * counted against `limit` for the next window. On the hot path: the table is touched at most once a
   * second per address.
   */
  noteAccepted(ip: string, now: number): void {
    if (this.limit <= 0) return;
    const key = limiterKey(ip);
    const last = this.vouched.peek(key);
    if (last !== undefined && now - last < 1000) return;
    // a counter that only counted this address's lookups (no failure yet) has served its purpose; a
    // failure later starts its own window
    if (this.addresses.get(key, now)?.failures === 0) this.addresses.delete(key);
    this.vouched.set(key, now); // now the most recently seen; the least recently seen goes when full
  }

  /** Was a token accepted from this address (or /64) within the last window? */
  private isVouched(key: string, now: number): boolean {
    const last = this.vouched.peek(key);
    return last !== undefined && now - last < this.windowMs;
  }

  /** May a well-formed token that this node has not verified before be looked up now? */
  mayLookUp(ip: string, tokenPrefix: string, now: number): boolean {
    if (this.limit <= 0) return true;
    const key = limiterKey(ip);
    if ((this.tokens.get(`${key} ${tokenPrefix}`, now)?.failures ?? 0) >= this.limit) return false;
    const vouched = this.isVouched(key, now);
    let address = this.addresses.get(key, now);
    // no real user seen here: `limit` lookups a window, counted as they start, then none
    if (!vouched && (address?.lookups ?? 0) >= this.limit) return false;
    if (address === undefined || address.failures < this.limit) {
      if (!vouched) {
        address ??= this.addresses.touch(key, now);
        address.lookups++;
      }
      return true;
    }
    if (now - address.lastLookup < this.lookupIntervalMs) return false;
    // the shared budget is checked before the address's own turn is spent, so a refusal here costs
    // the address nothing: its next request may still get the next second's budget
    if (now - this.limitedLookups.windowStart >= 1000) this.limitedLookups = { windowStart: now, used: 0 };
    if (this.limitedLookups.used >= this.limitedLookupsPerSecond) return false;
    this.limitedLookups.used++;
    address.lastLookup = now;
    address.lookups++;
    return true;
  }

  /** Counts a failure against the address and, for a well-formed token, against its prefix there. */
  recordFailure(ip: string, tokenPrefix: string | undefined, now: number): void {
    if (this.limit <= 0) return;
    const key = limiterKey(ip);
    this.addresses.increment(key, now);
    if (tokenPrefix !== undefined) this.tokens.increment(`${key} ${tokenPrefix}`, now);
  }

  /** Seconds until the address's (or the token's) window ends, for Retry-After. */
  retryAfterSeconds(ip: string, tokenPrefix: string | undefined, now: number): number {
    const key = limiterKey(ip);
    const counter = (tokenPrefix !== undefined ? this.tokens.get(`${key} ${tokenPrefix}`, now) : undefined) ?? this.addresses.get(key, now);
    const end = counter === undefined ? now : counter.windowStart + this.windowMs;
    return Math.max(1, Math.ceil((end - now) / 1000));
  }

  /** Entries held (addresses, address + token pairs, addresses a token was accepted from). */
  get size(): { addresses: number; tokens: number; vouched: number } {
    return { addresses: this.addresses.size, tokens: this.tokens.size, vouched: this.vouched.size };
  }
}
