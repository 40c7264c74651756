// Verified tokens by digest, so a cached verification costs a Map lookup and no database round trip.
// Entries are dropped at once when the CacheInvalidation announces their token is gone; a time limit
// bounds how long a missed announcement could matter, and a size limit (TESSERA_CACHE_MAX_ENTRIES,
// default 100,000) bounds memory: when full, the least recently used entry goes (LruMap: O(1);
// evicting from the front of a plain Map degrades badly once it holds many deleted slots). The prefix
// index holds exactly the cached entries, so it has the same bound.
import type { IpAllowlist } from '../../domain/ip-allowlist.js';
import type { TokenWithOwner } from '../../store/records.js';
import { LruMap } from './lru-map.js';
import type { Principal } from './principal.js';

export interface CachedVerification extends TokenWithOwner {
  allowlist: IpAllowlist | null;
  cachedAt: number;
  /** The successful authentication this entry answers, made on its first use (TokenVerifier). */
  accepted?: { ok: true; principal: Principal; entry: CachedVerification };
}

export const DEFAULT_CACHE_MAX_ENTRIES = 100_000;

export class VerificationCache {
  private readonly byDigest: LruMap<CachedVerification>;
  private readonly digestByPrefix = new Map<string, string>();
  /** Bumped on every invalidation, so a lookup that raced with one is not cached. */
  generation = 0;

  constructor(
    readonly maxEntries = DEFAULT_CACHE_MAX_ENTRIES,
    private readonly maxAgeMs = 60_000,
  ) {
    this.byDigest = new LruMap<CachedVerification>(Math.max(1, maxEntries), {
      digestKeys: true,
      onEvict: (entry, digest) => this.unindex(entry, digest),
    });
  }

  /** Whether cached entries may answer now (false while cross-node invalidations may be missed). */
  trusted: () => boolean = () => true;

  get(digest: string, now: number): CachedVerification | undefined {
    if (!this.trusted()) return undefined;
    const entry = this.byDigest.get(digest);
    if (entry === undefined) return undefined;
    // An aged entry stays (until evicted or invalidated) as proof that the digest was valid here:
    // isKnown lets the verifier re-read it from the database whatever the failed-auth limits say.
    if (now - entry.cachedAt > this.maxAgeMs) return undefined;
    return entry;
  }

  /** Was this digest verified on this node (even if its entry is too old to answer now)? */
  isKnown(digest: string): boolean {
    return this.byDigest.has(digest);
  }

  /** A cached entry by public prefix (to show pending use on listings), without age checks. */
  peekByPrefix(tokenPrefix: string): CachedVerification | undefined {
    const digest = this.digestByPrefix.get(tokenPrefix);
    return digest === undefined ? undefined : this.byDigest.peek(digest);
  }

  set(digest: string, entry: CachedVerification, generationAtLookup: number): void {
    if (generationAtLookup !== this.generation) return;
    const replaced = this.byDigest.peek(digest);
    if (replaced !== undefined) this.unindex(replaced, digest);
    this.byDigest.set(digest, entry);
    this.digestByPrefix.set(entry.token.tokenPrefix, digest);
  }

  delete(tokenPrefix: string): void {
    const digest = this.digestByPrefix.get(tokenPrefix);
    if (digest !== undefined) this.deleteDigest(digest);
  }

  invalidate(tokenPrefixes: readonly string[]): void {
    this.generation++;
    for (const prefix of tokenPrefixes) this.delete(prefix);
  }

  /** Drops everything (invalidations may have been missed); lookups in flight are not cached. */
  clear(): void {
    this.generation++;
    this.byDigest.clear();
    this.digestByPrefix.clear();
  }

  get size(): number {
    return this.byDigest.size;
  }

  /** Entries in the prefix index (equal to size; exposed so tests can check both maps are bounded). */
  get prefixIndexSize(): number {
    return this.digestByPrefix.size;
  }

  private deleteDigest(digest: string): void {
    const deleted = this.byDigest.delete(digest);
    if (deleted !== undefined) this.unindex(deleted, digest);
  }

  /** An entry evicted, deleted or replaced: the prefix index follows (unless the prefix now names another digest). */
  private unindex(entry: CachedVerification, digest: string): void {
    if (this.digestByPrefix.get(entry.token.tokenPrefix) === digest) this.digestByPrefix.delete(entry.token.tokenPrefix);
  }
}
