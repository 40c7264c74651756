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
  /** Set once the token was rotated: the prefix of its successor (its expiry is then the end of the grace period). */
  rotatedTo?: string | null;
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

/** One audit event, as stored (never a secret in any field). */
export interface AuditEvent {
  /** Time-ordered (src/domain/event-id.ts); the paging cursor. */
  eventId: string;
  time: number;
  /** null for instance-wide events (the instance admin's token). */
  organizationId: string | null;
  /** An application user id, `admin`, or `token_holder`. */
  actor: string;
  /** The token the actor used (the revoked token itself for a holder's revocation). */
  actorTokenPrefix: string | null;
  action: string;
  /** What was acted on: a user id, a token prefix, an organization id. */
  target: string | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown> | null;
}

/** An event to record with a change; the store assigns its id when it commits. */
export type NewAuditEvent = Omit<AuditEvent, 'eventId'>;

/** A use from a client address or user agent this node has not seen the token use before. */
export interface TokenSighting {
  /** Unique per token and value: the store records each first sighting once, whichever node sees it. */
  dedupKey: string;
  event: NewAuditEvent;
}

export interface EventQuery {
  /** Only this organization's events; undefined = every event of the instance (deleted organizations' too). */
  organizationId?: string;
  /** Only events after this event_id (exclusive). */
  after?: string;
  limit: number;
  action?: string;
  target?: string;
}
