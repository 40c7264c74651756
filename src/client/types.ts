/**
 * Request and response shapes of the token service API (Aiven-compatible), as DESIGN.md lists them.
 * Times are ISO 8601 UTC strings, exactly as the server sends them.
 */

/** Organization, as the organization API (`/v1/organization…`) returns it. */
export interface Organization {
  organization_id: string;
  organization_name: string;
  account_id: string;
  tier: string;
  create_time: string;
  update_time: string;
}

export interface CreateOrganizationRequest {
  organization_name: string;
  tier?: string;
}

export interface UpdateOrganizationRequest {
  name?: string;
  tier?: string;
}

/** Account: the older view of an organization that the Aiven provider uses (`/v1/account…`). */
export interface Account {
  account_id: string;
  account_name: string;
  organization_id: string;
  create_time: string;
  update_time: string;
  tenant_id: string;
  is_account_owner?: boolean;
  [extra: string]: unknown;
}

export interface CreateAccountRequest {
  account_name: string;
}

export interface UpdateAccountRequest {
  account_name: string;
}

export interface ApplicationUser {
  user_id: string;
  name: string;
  user_email: string;
  is_super_admin: boolean;
  create_time: string;
}

export interface CreateApplicationUserRequest {
  name: string;
  is_super_admin?: boolean;
}

export interface UpdateApplicationUserRequest {
  name: string;
  is_super_admin?: boolean;
}

export interface CreateApplicationUserTokenRequest {
  description?: string;
  max_age_seconds?: number;
  extend_when_used?: boolean;
  scopes?: string[];
  ip_allowlist?: string[];
}

/** The only time the secret exists outside its owner: keep `full_token` out of logs and errors. */
export interface CreatedApplicationUserToken {
  full_token: string;
  token_prefix: string;
}

/**
 * A token create sent with an Idempotency-Key. `created`: a new token (the secret is in it);
 * `keyHonoured` says whether the server echoed the key, i.e. remembers it (Tessera does; other APIs
 * may ignore it). `replayed`: the server had already created a token for this key and answers with
 * it again, without the secret.
 */
export type IdempotentTokenCreate =
  | { outcome: 'created'; token: CreatedApplicationUserToken & Partial<ApplicationUserToken>; keyHonoured: boolean }
  | { outcome: 'replayed'; token: ApplicationUserToken };

export interface ApplicationUserToken {
  token_prefix: string;
  description: string | null;
  create_time: string;
  created_manually: boolean;
  currently_active: boolean;
  max_age_seconds: number | null;
  extend_when_used: boolean;
  expiry_time: string | null;
  last_used_time: string | null;
  last_ip: string | null;
  last_user_agent: string | null;
  last_user_agent_human_readable: string | null;
  scopes: string[] | null;
  ip_allowlist?: string[] | null;
  /** Who created it (servers that record it): an application user id or `admin`, and with which token. */
  created_by?: string | null;
  created_by_token_prefix?: string | null;
  /** Set once rotated: the successor's prefix (`expiry_time` is then the end of the grace period). */
  rotated_to?: string | null;
}

/** `POST …/access-tokens/{token_prefix}/rotate`: grace_seconds 0–86400, default 3600. */
export interface RotateApplicationUserTokenRequest {
  grace_seconds?: number;
}

/** The successor of a rotated token: its settings, and `full_token` (shown only this once). */
export type RotatedApplicationUserToken = CreatedApplicationUserToken & Partial<ApplicationUserToken>;

/** One audit event (`GET /v1/organization/{organization_id}/events`). Never carries a secret. */
export interface AuditEvent {
  /** Time-ordered; the paging cursor. */
  event_id: string;
  time: string;
  organization_id: string | null;
  /** An application user id, `admin`, or `token_holder`. */
  actor: string;
  actor_token_prefix: string | null;
  /** e.g. `token.created`, `token.rotated`, `token.revoked_by_holder`, `token.used_from_new_ip`. */
  action: string;
  target: string | null;
  ip: string | null;
  user_agent: string | null;
  details: Record<string, unknown> | null;
}

export interface ListEventsRequest {
  /** Only events after this event_id (pass the previous page's `next_cursor`). */
  after?: string;
  /** 1–1000, default 100. */
  limit?: number;
  action?: string;
  target?: string;
}

/** `GET /v1/events`: the instance's trail (instance admin only), optionally one organization's, deleted or not. */
export interface ListInstanceEventsRequest extends ListEventsRequest {
  organization_id?: string;
}

export interface EventsPage {
  events: AuditEvent[];
  /** The `after` for the next page: the last event_id returned, else the `after` given (null if none). */
  next_cursor: string | null;
}

/** `GET /v1/me`: who the caller is. The server owns the exact shape; the known parts are typed. */
export interface MeResponse {
  user?: {
    user?: string;
    user_id?: string;
    real_name?: string;
    email?: string;
    organization_id?: string;
    is_super_admin?: boolean;
    [extra: string]: unknown;
  };
  [extra: string]: unknown;
}

/** RFC 7662 answer of `POST /v1/token/introspect`. Inactive tokens carry only `active: false`. */
export interface IntrospectionResponse {
  active: boolean;
  scope?: string;
  sub?: string;
  org?: string;
  token_prefix?: string;
  exp?: number;
  iat?: number;
}

/** Error body the server always sends. */
export interface ApiErrorBody {
  message?: string;
  errors?: { message?: string; status?: number; error_code?: string }[];
}
