// The API's shapes, as the console reads them (see the server's schemas and DESIGN.md).

export interface Me {
  user: string;
  user_id: string;
  real_name: string;
  kind: 'instance_admin' | 'application_user';
  organization_id: string | null;
  is_super_admin: boolean;
  token_prefix: string;
  scopes: string[] | null;
}

export interface Organization {
  organization_id: string;
  organization_name: string;
  account_id: string;
  tier: string;
  create_time: string;
  update_time: string;
}

export interface ApplicationUser {
  user_id: string;
  name: string;
  user_email: string;
  is_super_admin: boolean;
  create_time: string;
}

export interface Token {
  token_prefix: string;
  description: string;
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
  ip_allowlist: string[] | null;
  /** Who created it (servers that record it): an application user id or the instance admin, and with which token. */
  created_by?: string | null;
  created_by_token_prefix?: string | null;
  /** Set once the token was rotated (servers with rotation): the successor's prefix. */
  rotated_to?: string | null;
}

export interface CreateTokenRequest {
  description: string;
  max_age_seconds?: number;
  extend_when_used?: boolean;
  scopes?: string[];
  ip_allowlist?: string[];
}

/** The create (and rotate) answer: the only time the full token exists outside its holder. */
export interface CreatedToken {
  full_token: string;
  token_prefix: string;
}

/** An audit event (servers with the audit trail): who did what to which object, from where. */
export interface AuditEvent {
  event_id: string;
  time: string;
  organization_id: string | null;
  /** an application user id, 'admin' (the instance admin) or 'token_holder' */
  actor: string;
  actor_token_prefix: string | null;
  action: string;
  target: string | null;
  ip: string | null;
  user_agent: string | null;
  details: Record<string, unknown> | null;
}

export interface AuditEventsPage {
  events: AuditEvent[];
  next_cursor: string | null;
}
