// The Store: everything the server keeps, behind one interface. One SQL implementation (sql-store.ts)
// serves every dialect; opening a database picks the dialect (open-store.ts).
import type {
  ApplicationUser, AuditEvent, EventQuery, NewAuditEvent, Organization, TokenRecord, TokenSighting, TokenUse, TokenWithOwner,
} from './records.js';

export interface NewToken {
  token: TokenRecord;
  digest: string;
  /** The create request's Idempotency-Key, remembered with the token until `expiresAt` (epoch ms). */
  idempotencyKey?: { key: string; expiresAt: number };
}

/** What rotateToken did: the old token's new state, or why nothing changed. */
export type RotationResult =
  | { outcome: 'rotated'; old: TokenRecord }
  | { outcome: 'not_found' }
  | { outcome: 'already_rotated'; rotatedTo: string }
  | { outcome: 'prefix_taken' };

/**
 * Every change takes an optional audit event, written in the same transaction as the change (and only
 * when the change happened); listeners registered with onEvents hear about events once committed.
 */
export interface Store {
  /** Applies pending migrations; refuses a database newer than this code. */
  migrate(): Promise<void>;
  /** A cheap round trip, for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;

  createOrganization(org: Organization, event?: NewAuditEvent): Promise<void>;
  listOrganizations(): Promise<Organization[]>;
  getOrganization(organizationId: string): Promise<Organization | undefined>;
  getOrganizationByAccountId(accountId: string): Promise<Organization | undefined>;
  updateOrganization(
    organizationId: string,
    changes: { name?: string; tier?: string; updateTime: number },
    event?: NewAuditEvent,
  ): Promise<Organization | undefined>;
  /** Deletes the organization, its users and their tokens; returns the deleted token prefixes. */
  deleteOrganization(organizationId: string, event?: NewAuditEvent): Promise<string[] | undefined>;

  createUser(user: ApplicationUser, event?: NewAuditEvent): Promise<void>;
  listUsers(organizationId: string): Promise<ApplicationUser[]>;
  getUser(organizationId: string, userId: string): Promise<ApplicationUser | undefined>;
  updateUser(
    organizationId: string,
    userId: string,
    changes: { name?: string; isSuperAdmin?: boolean },
    event?: NewAuditEvent,
  ): Promise<ApplicationUser | undefined>;
  /** Deletes the user and all its tokens; returns the deleted token prefixes. */
  deleteUser(organizationId: string, userId: string, event?: NewAuditEvent): Promise<string[] | undefined>;

  /**
   * Inserts a token; false when its prefix or digest is already taken (the caller retries), or when
   * another token of the user holds the same unexpired idempotency key (the caller looks it up).
   */
  createToken(token: NewToken, event?: NewAuditEvent): Promise<boolean>;
  /** The user's token created with this idempotency key, while the key is kept (expiry after `now`). */
  findTokenByIdempotencyKey(userId: string, key: string, now: number): Promise<TokenRecord | undefined>;
  listTokens(userId: string): Promise<TokenRecord[]>;
  findTokenByDigest(digest: string): Promise<TokenWithOwner | undefined>;
  hasInstanceAdmin(): Promise<boolean>;
  /**
   * Deletes every instance admin token but the one with this prefix; returns the deleted prefixes.
   * `event` describes the replacement when there was one.
   */
  deleteInstanceAdminTokensExcept(tokenPrefix: string, event?: (replaced: string[]) => NewAuditEvent): Promise<string[]>;
  /** Deletes (revokes) one token of a user; false when there was none. */
  deleteToken(userId: string, tokenPrefix: string, event?: NewAuditEvent): Promise<boolean>;
  /**
   * Deletes the token with this digest, whoever owns it (its holder revokes it); returns it, or
   * undefined when there was none. `event` describes the revocation of the token found.
   */
  revokeTokenByDigest(digest: string, event: (token: TokenRecord) => NewAuditEvent): Promise<TokenRecord | undefined>;
  /**
   * Replaces a user's live token by `successor`: inserts it, and marks the old one rotated with its
   * expiry cut to `graceEndTime` (never lengthened). A token rotated before is left alone.
   */
  rotateToken(
    userId: string,
    tokenPrefix: string,
    successor: NewToken,
    graceEndTime: number,
    now: number,
    event: NewAuditEvent,
  ): Promise<RotationResult>;
  /**
   * Records coalesced uses. Each write is conditional on the stored last_used_time being older, so a
   * slower writer (another node, a delayed flush) never moves last_used_time or an extended expiry back.
   * Returns how many rows changed.
   */
  recordUses(uses: readonly TokenUse[], sightings?: readonly TokenSighting[]): Promise<number>;

  /** One page of an organization's audit events, oldest first. */
  listEvents(query: EventQuery): Promise<AuditEvent[]>;
  /** Deletes up to batchSize events older than `time`; returns how many. */
  pruneEvents(time: number, batchSize: number): Promise<number>;
  /** Called with the events of every committed change (on this node), e.g. to log them. */
  onEvents(listener: (events: readonly AuditEvent[]) => void): void;
}
