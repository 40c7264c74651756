// The database as one TypeScript interface; every query in sql-store.ts is typed against it.
// Portable column types only (text, bigint, integer) so SQLite and PostgreSQL share the queries:
// times are epoch milliseconds (bigint), booleans are 0/1 integers, lists are JSON text.
export interface OrganizationsTable {
  organization_id: string;
  account_id: string;
  name: string;
  tier: string;
  create_time: number;
  update_time: number;
}

export interface ApplicationUsersTable {
  user_id: string;
  organization_id: string;
  name: string;
  user_email: string;
  is_super_admin: number;
  create_time: number;
}

/** kind: 'application_user' (user_id and organization_id set) or 'instance_admin' (both null). */
export interface TokensTable {
  token_prefix: string;
  token_digest: string;
  kind: string;
  user_id: string | null;
  organization_id: string | null;
  description: string;
  create_time: number;
  created_manually: number;
  /** effective: what expiry follows (the server default when the client set none) */
  max_age_seconds: number;
  /** as the client sent it; null = unset */
  requested_max_age_seconds: number | null;
  extend_when_used: number;
  expiry_time: number | null;
  last_used_time: number | null;
  last_ip: string | null;
  last_user_agent: string | null;
  last_user_agent_human_readable: string | null;
  scopes: string | null;
  ip_allowlist: string | null;
  /** 'admin' or the creating user's id (migration 3); null when not recorded */
  created_by: string | null;
  created_by_token_prefix: string | null;
  /** The client's Idempotency-Key of the create request, kept until idempotency_key_expiry (migration 5). */
  idempotency_key: string | null;
  idempotency_key_expiry: number | null;
  /** Migration 4: the successor's prefix once rotated. */
  rotated_to: string | null;
}

/** Migration 4: the audit trail. details is JSON text; dedup_key is set only on first-sighting events. */
export interface EventsTable {
  event_id: string;
  time: number;
  organization_id: string | null;
  actor: string;
  actor_token_prefix: string | null;
  action: string;
  target: string | null;
  ip: string | null;
  user_agent: string | null;
  details: string | null;
  dedup_key: string | null;
}

export interface SchemaVersionTable {
  version: number;
  name: string;
  applied_time: number;
}

export interface Database {
  organizations: OrganizationsTable;
  application_users: ApplicationUsersTable;
  tokens: TokensTable;
  events: EventsTable;
  tessera_schema_version: SchemaVersionTable;
}
