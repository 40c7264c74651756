// Verified tokens by digest, so a cached verification costs a Map lookup and no database round trip.
// Entries are dropped at once when the CacheInvalidation announces their token is gone; a time limit
// bounds how long a missed announcement could matter, and a size limit bounds memory.
import type { IpAllowlist } from '../../domain/ip-allowlist.js';
import type { TokenWithOwner } from '../../store/records.js';
import type { Principal } from './principal.js';

export interface CachedVerification extends TokenWithOwner {
  allowlist: IpAllowlist | null;
  cachedAt: number;
  /** The successful authentication this entry answers, made on its first use (TokenVerifier). */
  accepted?: { ok: true; principal: Principal; entry: CachedVerification };
}

export class VerificationCache {
  private readonly byDigest = new Map<string, CachedVerification>();
  private readonly digestByPrefix = new Map<string, string>();
  /** Bumped on every invalidation, so a lookup that raced with one is not cached. */
  generation = 0;

  constructor(
    private readonly maxEntries = 100_000,
    private readonly maxAgeMs = 60_000,
  ) {}

  /** Whether cached entries may answer now (false while cross-node invalidations may be missed). */
  trusted: () => boolean = () => true;

  get(digest: string, now: number): CachedVerification | undefined {
    if (!this.trusted()) return undefined;
    const entry = this.byDigest.get(digest);
    if (entry === undefined) return undefined;
    if (now - entry.cachedAt > this.maxAgeMs) {
      this.delete(entry.token.tokenPrefix);
      return undefined;
    }
    return entry;
  }

  /** A cached entry by public prefix (to show pending use on listings), without age checks. */
  peekByPrefix(tokenPrefix: string): CachedVerification | undefined {
    const digest = this.digestByPrefix.get(tokenPrefix);
    return digest === undefined ? undefined : this.byDigest.get(digest);
  }

  set(digest: string, entry: CachedVerification, generationAtLookup: number): void {
    if (generationAtLookup !== this.generation) return;
    if (this.byDigest.size >= this.maxEntries) {
      const oldest = this.byDigest.keys().next().value;
      if (oldest !== undefined) this.deleteDigest(oldest);
    }
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

  private deleteDigest(digest: string): void {
    const entry = this.byDigest.get(digest);
    this.byDigest.delete(digest);
    if (entry) this.digestByPrefix.delete(entry.token.tokenPrefix);
  }
}
