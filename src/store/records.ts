// The records the Store hands out: plain objects in domain terms (booleans, arrays, ms timestamps).
export interface Organization {
  organizationId: string;
  accountId: string;
  name: string;
  tier: string;
  createTime: number;
  updateTime: number;
}

export interface ApplicationUser {
  userId: string;
  organizationId: string;
  name: string;
  userEmail: string;
  isSuperAdmin: boolean;
  createTime: number;
}

export type TokenKind = 'application_user' | 'instance_admin';

export interface TokenRecord {
  tokenPrefix: string;
  kind: TokenKind;
  userId: string | null;
  organizationId: string | null;
  description: string;
  createTime: number;
  createdManually: boolean;
  /** Effective: what expiry and extension follow (the server default when the client set none). */
  maxAgeSeconds: number;
  /** As the client sent it (null = unset); the API answers this one. */
  requestedMaxAgeSeconds: number | null;
  extendWhenUsed: boolean;
  expiryTime: number | null;
  lastUsedTime: number | null;
  lastIp: string | null;
  lastUserAgent: string | null;
  lastUserAgentHumanReadable: string | null;
  scopes: string[] | null;
  ipAllowlist: string[] | null;
  /** Who created the token: 'admin' (the instance admin) or an application user's id; null = not recorded. */
  createdBy?: string | null;
  /** The prefix of the token that created it; null = not recorded. */
  createdByTokenPrefix?: string | null;
}

/** A token row together with its owner, as verification needs it. */
export interface TokenWithOwner {
  token: TokenRecord;
  user: ApplicationUser | null;
}

/** One coalesced last-use write. */
export interface TokenUse {
  tokenPrefix: string;
  usedAt: number;
  ip: string;
  userAgent: string | null;
  userAgentHumanReadable: string | null;
  /** New expiry when the token extends on use; undefined leaves expiry_time as it is. */
  expiryTime?: number | null;
}
