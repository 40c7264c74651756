// The Store: everything the server keeps, behind one interface. One SQL implementation (sql-store.ts)
// serves every dialect; opening a database picks the dialect (open-store.ts).
import type { ApplicationUser, Organization, TokenRecord, TokenUse, TokenWithOwner } from './records.js';

export interface NewToken {
  token: TokenRecord;
  digest: string;
  /** The create request's Idempotency-Key, remembered with the token until `expiresAt` (epoch ms). */
  idempotencyKey?: { key: string; expiresAt: number };
}

export interface Store {
  /** Applies pending migrations; refuses a database newer than this code. */
  migrate(): Promise<void>;
  /** A cheap round trip, for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;

  createOrganization(org: Organization): Promise<void>;
  listOrganizations(): Promise<Organization[]>;
  getOrganization(organizationId: string): Promise<Organization | undefined>;
  getOrganizationByAccountId(accountId: string): Promise<Organization | undefined>;
  updateOrganization(organizationId: string, changes: { name?: string; tier?: string; updateTime: number }): Promise<Organization | undefined>;
  /** Deletes the organization, its users and their tokens; returns the deleted token prefixes. */
  deleteOrganization(organizationId: string): Promise<string[] | undefined>;

  createUser(user: ApplicationUser): Promise<void>;
  listUsers(organizationId: string): Promise<ApplicationUser[]>;
  getUser(organizationId: string, userId: string): Promise<ApplicationUser | undefined>;
  updateUser(organizationId: string, userId: string, changes: { name?: string; isSuperAdmin?: boolean }): Promise<ApplicationUser | undefined>;
  /** Deletes the user and all its tokens; returns the deleted token prefixes. */
  deleteUser(organizationId: string, userId: string): Promise<string[] | undefined>;

  /**
   * Inserts a token; false when its prefix or digest is already taken (the caller retries), or when
   * another token of the user holds the same unexpired idempotency key (the caller looks it up).
   */
  createToken(token: NewToken): Promise<boolean>;
  /** The user's token created with this idempotency key, while the key is kept (expiry after `now`). */
  findTokenByIdempotencyKey(userId: string, key: string, now: number): Promise<TokenRecord | undefined>;
  listTokens(userId: string): Promise<TokenRecord[]>;
  findTokenByDigest(digest: string): Promise<TokenWithOwner | undefined>;
  hasInstanceAdmin(): Promise<boolean>;
  /** Deletes every instance admin token but the one with this prefix; returns the deleted prefixes. */
  deleteInstanceAdminTokensExcept(tokenPrefix: string): Promise<string[]>;
  /** Deletes (revokes) one token of a user; false when there was none. */
  deleteToken(userId: string, tokenPrefix: string): Promise<boolean>;
  /**
   * Records coalesced uses. Each write is conditional on the stored last_used_time being older, so a
   * slower writer (another node, a delayed flush) never moves last_used_time or an extended expiry back.
   * Returns how many rows changed.
   */
  recordUses(uses: readonly TokenUse[]): Promise<number>;
}
