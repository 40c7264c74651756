// The audit trail's vocabulary: every action an event can record (dotted names, object first).
export const AUDIT_ACTIONS = [
  'organization.created',
  'organization.updated',
  'organization.deleted',
  'application_user.created',
  'application_user.updated',
  'application_user.deleted',
  'token.created',
  'token.revoked',
  'token.rotated',
  'token.revoked_by_holder',
  'token.used_from_new_ip',
  'token.used_from_new_client',
  'admin_token.rotated',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The actor of changes made by the instance admin (application users appear by user id). */
export const ADMIN_ACTOR = 'admin';
/** The actor of a revocation by whoever held the token (POST /v1/token/revoke: no other credential). */
export const TOKEN_HOLDER_ACTOR = 'token_holder';
