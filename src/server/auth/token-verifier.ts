// Verifies the token a request carries (from the Authorization header), in order of cost:
//   0. the same Authorization header as the previous request on the same connection: that request's
//      digest, looked up in the VerificationCache as in 1 (no hashing: see ConnectionToken);
//   1. its SHA-256 digest, looked up in the VerificationCache (no I/O when found: the hot path);
//   2. otherwise token shape and CRC32 checksum (no I/O; failures never reach the database);
//   3. then the Store, by digest (then cached);
// then expiry against the clock, the token's IP allowlist, and records the use in the LastUseBuffer.
import { checkToken, TOKEN_LENGTH } from '../../domain/token-format.js';
import { tokenDigest } from '../../domain/token-digest.js';
import { expiryAfterUse, isExpired } from '../../domain/expiry.js';
import { IpAllowlist } from '../../domain/ip-allowlist.js';
import { summarizeUserAgent } from '../../domain/user-agent.js';
import type { Clock } from '../../domain/clock.js';
import type { Store } from '../../store/store.js';
import type { TokenWithOwner } from '../../store/records.js';
import type { Metrics } from '../metrics.js';
import { tokenFromAuthorizationHeader } from './authorization-header.js';
import { VerificationCache, type CachedVerification } from './verification-cache.js';
import type { LastUseBuffer } from './last-use-buffer.js';
import type { FailedAuthLimiter } from './failed-auth-limiter.js';
import type { Principal } from './principal.js';

export type AuthFailureReason =
  | 'missing'
  | 'bad_scheme'
  | 'malformed'
  | 'bad_checksum'
  | 'unknown'
  | 'expired'
  | 'ip_not_allowed'
  | 'rate_limited';

export type Authentication =
  | { ok: true; principal: Principal; entry: CachedVerification }
  | { ok: false; reason: AuthFailureReason; retryAfterSeconds?: number };

export interface RequestFacts {
  authorization: string | undefined;
  ip: string;
  userAgent: string | undefined;
}

/**
 * What one client connection remembers of its last request's token: the Authorization header and
 * the token's digest, so that the next request on a kept-alive connection presenting the same header
 * skips the SHA-256 (about 40 % of a cached verification). Only the digest is saved work: the
 * VerificationCache is still asked on every request, by that digest, exactly as if it had been
 * computed again (the digest is a function of the header's token alone), so revocation, expiry, the
 * cache's age limit and the failed-authentication limits behave as before.
 *
 * This does keep a full token in memory beyond its request: one header per connection, on the
 * connection's socket, recorded only once the token has verified from the cache (an unknown, revoked
 * or malformed token is never remembered), replaced by the connection's next token and gone with
 * the connection (idle kept-alive connections close after TESSERA_IDLE_TIMEOUT_MS, 30 s by default).
 * It is never written anywhere (not logged, not serialized: a symbol-keyed socket property), is
 * bounded by the number of open connections, and is compared only with headers arriving on the same
 * connection, so no client can probe another's token through it. A process-wide map keyed by token
 * would save the digest across connections too, but would hold every recent token of every client.
 */
export interface ConnectionToken {
  authorization: string | undefined;
  digest: string;
}

export class TokenVerifier {
  /** User-agent strings → their human-readable summary; at most 1000 (cleared when full). */
  private readonly userAgentSummaries = new Map<string, string | null>();

  constructor(
    private readonly store: Store,
    readonly cache: VerificationCache,
    private readonly lastUse: LastUseBuffer,
    private readonly limiter: FailedAuthLimiter,
    private readonly clock: Clock,
    private readonly metrics: Metrics,
  ) {}

  /**
   * Synchronous when the token is cached (the hot path); a promise when the database is asked.
   * `connection`: what the request's connection remembers (see ConnectionToken), updated here.
   */
  authenticate(facts: RequestFacts, connection?: ConnectionToken): Authentication | Promise<Authentication> {
    const now = this.clock.now();
    if (connection !== undefined && facts.authorization !== undefined && facts.authorization === connection.authorization) {
      // the header, and so the token, of this connection's previous request: the same digest
      const cached = this.cache.get(connection.digest, now);
      if (cached !== undefined && !isExpired(cached.token.expiryTime, now)) {
        this.metrics.tokensVerifiedFromCache++;
        return this.accept(cached, facts, now);
      }
      connection.authorization = undefined; // revoked, expired or aged out: forgotten (re-checked below)
    }
    const header = tokenFromAuthorizationHeader(facts.authorization);
    if (!header.ok) return this.fail(header.reason, facts.ip, now, false);
    // A digest found in the cache is a token that passed every check below when it was loaded, so a
    // cache hit skips them (only a string of a token's length is hashed before its shape is checked).
    const digest = header.token.length === TOKEN_LENGTH ? tokenDigest(header.token) : undefined;
    const cached = digest === undefined ? undefined : this.cache.get(digest, now);
    if (cached !== undefined && !isExpired(cached.token.expiryTime, now)) {
      this.metrics.tokensVerifiedFromCache++;
      if (connection !== undefined) {
        connection.authorization = facts.authorization;
        connection.digest = digest!;
      }
      return this.accept(cached, facts, now);
    }
    const check = checkToken(header.token);
    if (!check.ok) {
      // cheap rejection: no lookup, ever
      if (this.limiter.isLimited(facts.ip, now)) return this.limited(facts.ip, undefined, now);
      return this.fail(check.reason, facts.ip, now, undefined);
    }
    const known = digest ?? tokenDigest(header.token); // a well-formed token has a token's length: hashed above
    // A token verified here before (its entry aged out, or it expired) is looked up whatever its
    // neighbours did; one never seen is subject to the failed-authentication limits.
    if (!this.cache.isKnown(known) && !this.limiter.mayLookUp(facts.ip, check.tokenPrefix, now)) {
      return this.limited(facts.ip, check.tokenPrefix, now);
    }
    return this.authenticateFromStore(known, check.tokenPrefix, facts, now);
  }

  private async authenticateFromStore(digest: string, tokenPrefix: string, facts: RequestFacts, now: number): Promise<Authentication> {
    const entry = await this.load(digest, now);
    if (entry === undefined) return this.fail('unknown', facts.ip, now, tokenPrefix);
    if (isExpired(entry.token.expiryTime, now)) {
      this.cache.delete(entry.token.tokenPrefix);
      return this.fail('expired', facts.ip, now, tokenPrefix);
    }
    this.metrics.tokensVerifiedFromDatabase++;
    return this.accept(entry, facts, now);
  }

  /** Reads a token by digest and caches it (unless an invalidation raced with the read). */
  async load(digest: string, now: number): Promise<CachedVerification | undefined> {
    const generation = this.cache.generation;
    const found = await this.store.findTokenByDigest(digest);
    if (found === undefined || (found.token.kind === 'application_user' && found.user === null)) {
      this.metrics.tokenDatabaseLookups.unknown++;
      return undefined;
    }
    this.metrics.tokenDatabaseLookups.found++;
    const pending = this.lastUse.pendingFor(found.token.tokenPrefix);
    if (pending && (found.token.lastUsedTime ?? 0) < pending.usedAt) applyUse(found, pending.usedAt, pending);
    // Every entry gets the same fields in the same order, `accepted` included (set on first use), so all
    // share one hidden class. Spread from `found` and given `accepted` later, they did not on Node 20 (37
    // of 50 entries had another shape than the first's), so with 1,000 tokens in use the hot path's field
    // reads were megamorphic lookups: a third of the rate with one token.
    const entry: CachedVerification = {
      token: found.token,
      user: found.user,
      allowlist: found.token.ipAllowlist ? new IpAllowlist(found.token.ipAllowlist) : null,
      cachedAt: now,
      accepted: undefined,
    };
    this.cache.set(digest, entry, generation);
    return entry;
  }

  /** Looks a token up without using it (introspection): no IP check, no last-use recording. */
  async inspect(token: string): Promise<CachedVerification | undefined> {
    const check = checkToken(token);
    if (!check.ok) return undefined;
    const now = this.clock.now();
    const digest = tokenDigest(token);
    const entry = this.cache.get(digest, now) ?? (await this.load(digest, now));
    if (entry === undefined || isExpired(entry.token.expiryTime, now)) return undefined;
    return entry;
  }

  private accept(entry: CachedVerification, facts: RequestFacts, now: number): Authentication {
    // The principal and the answer are the same for every use of a cached entry: made once per entry
    // (a new entry is loaded whenever the token, its user or its rights change).
    let accepted = entry.accepted;
    if (accepted === undefined) {
      const principal = principalOf(entry);
      if (principal === undefined) return this.fail('unknown', facts.ip, now, entry.token.tokenPrefix);
      accepted = entry.accepted = { ok: true, principal, entry };
    }
    if (entry.allowlist !== null && !entry.allowlist.allows(facts.ip)) {
      this.metrics.authFailed('ip_not_allowed');
      return { ok: false, reason: 'ip_not_allowed' };
    }
    // a real user at this address: its lookups of new tokens are not capped (failed-auth-limiter.ts)
    this.limiter.noteAccepted(facts.ip, now);
    const token = entry.token;
    const userAgent = facts.userAgent ?? null;
    const summary =
      userAgent === token.lastUserAgent ? token.lastUserAgentHumanReadable : this.summarize(userAgent);
    // a use from the same address and client as the last one cannot be a first sighting
    if (facts.ip !== token.lastIp || userAgent !== token.lastUserAgent) this.lastUse.noteClient(token, facts.ip, userAgent, summary, now);
    const expiryTime = token.extendWhenUsed ? expiryAfterUse(token, now) : undefined;
    applyUse(entry, now, this.lastUse.recordUse(token.tokenPrefix, now, facts.ip, userAgent, summary, expiryTime));
    return accepted;
  }

  private summarize(userAgent: string | null): string | null {
    if (userAgent === null) return null;
    let summary = this.userAgentSummaries.get(userAgent);
    if (summary === undefined) {
      summary = summarizeUserAgent(userAgent);
      if (this.userAgentSummaries.size >= 1000) this.userAgentSummaries.clear();
      this.userAgentSummaries.set(userAgent, summary);
    }
    return summary;
  }

  /**
   * A refusal. `counted`: false for requests that carry no token at all; otherwise the failure counts
   * against the address, and against the token prefix when the token was well-formed.
   */
  private fail(reason: AuthFailureReason, ip: string, now: number, counted: string | undefined | false): Authentication {
    this.metrics.authFailed(reason);
    if (counted !== false) this.limiter.recordFailure(ip, counted, now);
    return { ok: false, reason };
  }

  /** 429: counted too, so a limited address stays among the most recently seen. */
  private limited(ip: string, tokenPrefix: string | undefined, now: number): Authentication {
    const retryAfterSeconds = this.limiter.retryAfterSeconds(ip, tokenPrefix, now);
    this.metrics.authFailed('rate_limited');
    this.limiter.recordFailure(ip, tokenPrefix, now);
    return { ok: false, reason: 'rate_limited', retryAfterSeconds };
  }
}

/** Updates the in-memory view of a token after a use (what listings on this node show at once). */
function applyUse(
  entry: TokenWithOwner,
  usedAt: number,
  use: { ip: string; userAgent: string | null; userAgentHumanReadable: string | null; expiryTime?: number | null },
): void {
  const token = entry.token;
  if (token.lastUsedTime !== null && token.lastUsedTime > usedAt) return;
  token.lastUsedTime = usedAt;
  token.lastIp = use.ip;
  token.lastUserAgent = use.userAgent;
  token.lastUserAgentHumanReadable = use.userAgentHumanReadable;
  // a use recorded before a rotation carries an extended expiry; a rotated token keeps its grace end
  if (use.expiryTime !== undefined && !token.rotatedTo) token.expiryTime = use.expiryTime;
}

/**
 * The principal follows from the token's kind alone. An application-user token whose user cannot be
 * loaded, or a token of any other kind, is no principal at all (fails closed, never the admin).
 */
function principalOf(entry: CachedVerification): Principal | undefined {
  const { token, user } = entry;
  const restrictions = {
    tokenPrefix: token.tokenPrefix,
    scopes: token.scopes,
    ipAllowlist: token.ipAllowlist,
    lifetime: { maxAgeSeconds: token.maxAgeSeconds, extendWhenUsed: token.extendWhenUsed, expires: token.expiryTime !== null },
  };
  if (token.kind === 'instance_admin') return { kind: 'instance_admin', ...restrictions };
  if (token.kind === 'application_user' && user !== null) return { kind: 'application_user', user, ...restrictions };
  return undefined;
}
