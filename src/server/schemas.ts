// JSON schemas declared once and used three ways: request validation, response serialization and the
// OpenAPI document. Request bodies reject unknown fields (additionalProperties: false) except fields the
// Aiven API defines for that operation, which are declared here as accepted-and-ignored.
import {
  DESCRIPTION_MAX_LENGTH,
  IP_ALLOWLIST_ENTRY_MAX_LENGTH,
  IP_ALLOWLIST_MAX_ITEMS,
  MAX_AGE_SECONDS_RANGE,
  MAX_MAX_AGE_SECONDS,
  MAX_SCOPE_LENGTH,
  NAME_MAX_LENGTH,
  NAME_MIN_LENGTH,
  SCOPES_MAX_ITEMS,
} from '../domain/token-limits.js';
import { EVENT_ID_PATTERN } from '../domain/event-id.js';

const time = { type: 'string', format: 'date-time' } as const;
const nullableTime = { type: ['string', 'null'], format: 'date-time' } as const;
const nullableString = { type: ['string', 'null'] } as const;
// Typed as the Aiven API types them: "any value" was not true (a JSON object holding a "__proto__" key
// is refused in every body), and Aiven itself takes only these types there.
const ignored = (what: string, type: readonly string[] = ['string', 'null']) =>
  ({ type, description: `Aiven API field, accepted and ignored by Tessera (${what}).` }) as const;

export const errorSchema = {
  $id: 'AivenError',
  type: 'object',
  description: 'The Aiven error body.',
  properties: {
    message: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { message: { type: 'string' }, status: { type: 'integer' }, error_code: { type: 'string' } },
      },
    },
  },
} as const;

export const errorResponses = {
  400: { $ref: 'AivenError#' },
  401: { $ref: 'AivenError#' },
  403: { $ref: 'AivenError#' },
  404: { $ref: 'AivenError#' },
  429: { $ref: 'AivenError#' },
} as const;

// Ids are not checked against Tessera's own formats: an id spelled any other way (another server's ids,
// Aiven token prefixes holding '/', '+' or '=') names no object, and a missing object is a 404 that
// clients' not-found helpers and the official provider's delete rely on.
export const organizationIdParam = { type: 'string', minLength: 1, description: 'Organization ID (org…)' } as const;
export const accountIdParam = { type: 'string', minLength: 1, description: 'Account ID (a…)' } as const;
export const userIdParam = { type: 'string', minLength: 1, description: 'Application user ID (u…)' } as const;
export const tokenPrefixParam = { type: 'string', minLength: 1, description: 'Token prefix (URL-encoded)' } as const;

export const orgParams = {
  type: 'object',
  properties: { organization_id: organizationIdParam },
  required: ['organization_id'],
} as const;
export const accountParams = { type: 'object', properties: { account_id: accountIdParam }, required: ['account_id'] } as const;
export const userParams = {
  type: 'object',
  properties: { organization_id: organizationIdParam, user_id: userIdParam },
  required: ['organization_id', 'user_id'],
} as const;
export const tokenParams = {
  type: 'object',
  properties: { organization_id: organizationIdParam, user_id: userIdParam, token_prefix: tokenPrefixParam },
  required: ['organization_id', 'user_id', 'token_prefix'],
} as const;

const name = { type: 'string', minLength: NAME_MIN_LENGTH, maxLength: NAME_MAX_LENGTH } as const;
export const TIERS = ['business', 'personal'] as const;
const tier = { type: 'string', enum: TIERS } as const;

export const organizationSchema = {
  $id: 'Organization',
  type: 'object',
  properties: {
    organization_id: { type: 'string' },
    organization_name: { type: 'string' },
    account_id: { type: 'string' },
    tier: { type: 'string' },
    create_time: time,
    update_time: time,
  },
  required: ['organization_id', 'organization_name', 'account_id', 'tier', 'create_time', 'update_time'],
} as const;

export const createOrganizationBody = {
  type: 'object',
  additionalProperties: false,
  properties: { organization_name: name, tier, primary_billing_group_id: ignored('billing') },
  required: ['organization_name'],
} as const;

export const updateOrganizationBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name,
    tier,
    kafka_topic_ownership_enabled: ignored('Kafka governance', ['boolean', 'null']),
    default_governance_user_group_id: ignored('Kafka governance'),
  },
} as const;

export const accountSchema = {
  $id: 'Account',
  type: 'object',
  properties: {
    account_id: { type: 'string' },
    account_name: { type: 'string' },
    organization_id: { type: 'string' },
    tenant_id: { type: 'string' },
    is_account_owner: { type: 'boolean' },
    root_account_id: { type: 'string' },
    root_account_name: { type: 'string' },
    parent_account_id: nullableString,
    primary_billing_group_id: nullableString,
    create_time: time,
    update_time: time,
  },
  required: ['account_id', 'account_name', 'organization_id', 'tenant_id', 'create_time', 'update_time'],
} as const;

export const createAccountBody = {
  type: 'object',
  additionalProperties: false,
  properties: { account_name: name, parent_account_id: ignored('account hierarchy'), primary_billing_group_id: ignored('billing') },
  required: ['account_name'],
} as const;

export const updateAccountBody = {
  type: 'object',
  additionalProperties: false,
  properties: { account_name: name, primary_billing_group_id: ignored('billing') },
} as const;

export const userSchema = {
  $id: 'ApplicationUser',
  type: 'object',
  properties: {
    user_id: { type: 'string' },
    name: { type: 'string' },
    user_email: { type: 'string' },
    is_super_admin: { type: 'boolean' },
    create_time: time,
  },
  required: ['user_id', 'name', 'user_email', 'is_super_admin', 'create_time'],
} as const;

export const createUserBody = {
  type: 'object',
  additionalProperties: false,
  properties: { name, is_super_admin: { type: 'boolean' } },
  required: ['name'],
} as const;

export const updateUserBody = {
  type: 'object',
  additionalProperties: false,
  properties: { name, is_super_admin: { type: 'boolean' } },
} as const;

export const tokenSchema = {
  $id: 'Token',
  type: 'object',
  properties: {
    token_prefix: { type: 'string' },
    description: { type: 'string' },
    create_time: time,
    created_manually: { type: 'boolean' },
    currently_active: { type: 'boolean' },
    max_age_seconds: { type: ['integer', 'null'], description: 'As the client set it, in seconds (null = unset: expiry_time follows the server default).' },
    extend_when_used: { type: 'boolean' },
    expiry_time: nullableTime,
    last_used_time: nullableTime,
    last_ip: nullableString,
    last_user_agent: nullableString,
    last_user_agent_human_readable: nullableString,
    scopes: { type: ['array', 'null'], items: { type: 'string' } },
    ip_allowlist: { type: ['array', 'null'], items: { type: 'string' } },
    created_by: { type: ['string', 'null'], description: "Who created the token: 'admin' (the instance admin) or an application user's id; null when not recorded" },
    created_by_token_prefix: { type: ['string', 'null'], description: 'The prefix of the token that created it; null when not recorded' },
    rotated_to: { type: ['string', 'null'], description: "Set once the token was rotated: its successor's prefix (expiry_time is then the end of the grace period)." },
  },
  required: ['token_prefix', 'description', 'create_time', 'created_manually', 'currently_active', 'max_age_seconds', 'extend_when_used'],
} as const;

export const createTokenBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    description: { type: 'string', maxLength: DESCRIPTION_MAX_LENGTH },
    max_age_seconds: {
      type: 'integer',
      minimum: 0,
      maximum: MAX_MAX_AGE_SECONDS,
      description: `Seconds until expiry: ${MAX_AGE_SECONDS_RANGE}; unset = the server default.`,
    },
    extend_when_used: { type: 'boolean' },
    scopes: { type: 'array', maxItems: SCOPES_MAX_ITEMS, items: { type: 'string', maxLength: MAX_SCOPE_LENGTH } },
    ip_allowlist: { type: 'array', maxItems: IP_ALLOWLIST_MAX_ITEMS, items: { type: 'string', maxLength: IP_ALLOWLIST_ENTRY_MAX_LENGTH } },
  },
} as const;

export const createdTokenSchema = {
  type: 'object',
  properties: {
    full_token: { type: 'string', description: 'The secret; absent when the answer repeats an earlier create with the same Idempotency-Key.' },
    ...tokenSchema.properties,
  },
  required: ['token_prefix'],
} as const;

export const MAX_ROTATION_GRACE_SECONDS = 86_400;

export const rotateTokenBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    grace_seconds: {
      type: 'integer',
      minimum: 0,
      maximum: MAX_ROTATION_GRACE_SECONDS,
      description: 'How long the old token keeps working, 0 to 86400 seconds (default 3600). Never lengthens its expiry.',
    },
  },
} as const;

/** RFC 7009 revocation request: the token itself (form or JSON); token_type_hint is accepted and ignored. */
export const revokeBody = {
  type: 'object',
  additionalProperties: false,
  properties: { token: { type: 'string', maxLength: 4096 }, token_type_hint: { type: 'string', maxLength: 64 } },
  required: ['token'],
} as const;

export const eventSchema = {
  $id: 'AuditEvent',
  type: 'object',
  properties: {
    event_id: { type: 'string', description: 'Time-ordered; pass the last one seen as `after` to read on.' },
    time: time,
    organization_id: nullableString,
    actor: { type: 'string', description: "An application user id, 'admin' (the instance admin) or 'token_holder' (POST /v1/token/revoke)." },
    actor_token_prefix: nullableString,
    action: { type: 'string', description: 'e.g. token.created, token.rotated, token.revoked_by_holder, token.used_from_new_ip' },
    target: nullableString,
    ip: nullableString,
    user_agent: nullableString,
    details: { type: ['object', 'null'], additionalProperties: true },
  },
  required: ['event_id', 'time', 'organization_id', 'actor', 'actor_token_prefix', 'action', 'target', 'ip', 'user_agent', 'details'],
} as const;

export const MAX_EVENTS_PAGE = 1000;

/** Query strings arrive as text (no type coercion): numbers are checked by pattern, then range. */
/** The events page size, 1 to MAX_EVENTS_PAGE written plainly (no sign, no leading zeros). */
export const EVENTS_LIMIT_PATTERN = '^(?:[1-9][0-9]{0,2}|1000)$';

export const eventsQuery = {
  type: 'object',
  properties: {
    after: { type: 'string', pattern: EVENT_ID_PATTERN, description: 'Only events after this event_id (the cursor)' },
    // the pattern is the whole range, so that the document says exactly which values are accepted
    limit: { type: 'string', pattern: EVENTS_LIMIT_PATTERN, description: `1 to ${MAX_EVENTS_PAGE} (default 100)` },
    action: { type: 'string', maxLength: 100, description: 'Only this action, e.g. token.rotated' },
    target: { type: 'string', maxLength: 200, description: 'Only this target: a user id, token prefix or organization id' },
  },
} as const;

export const eventsPageSchema = {
  type: 'object',
  properties: {
    events: { type: 'array', items: { $ref: 'AuditEvent#' } },
    next_cursor: { type: ['string', 'null'], description: 'The event_id to pass as `after` for the next page (the last one returned, else `after` as given).' },
  },
  required: ['events', 'next_cursor'],
} as const;

export const introspectBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    token: { type: 'string', maxLength: 4096 },
    token_type_hint: { type: 'string' },
    client_ip: { type: 'string', anyOf: [{ format: 'ipv4' }, { format: 'ipv6' }], maxLength: 64, description: 'The address the token was presented from: a token its ip_allowlist does not allow from there is inactive.' },
  },
  required: ['token'],
} as const;

export const introspectionSchema = {
  type: 'object',
  properties: {
    active: { type: 'boolean' },
    scope: { type: 'string' },
    sub: { type: 'string' },
    org: { type: 'string' },
    token_prefix: { type: 'string' },
    exp: { type: 'integer' },
    iat: { type: 'integer' },
    token_type: { type: 'string' },
    ip_allowlist: { type: ['array', 'null'], items: { type: 'string' }, description: 'CIDRs the token may be used from; null = any address' },
  },
  required: ['active'],
} as const;

export const meSchema = {
  type: 'object',
  properties: {
    user: {
      type: 'object',
      properties: {
        user: { type: 'string', description: 'email' },
        user_id: { type: 'string' },
        real_name: { type: 'string' },
        state: { type: 'string', description: 'always active: a deleted user has no valid token' },
        auth: { type: 'array', items: { type: 'string' }, description: 'sign-in methods: none, Tessera principals use tokens only' },
        create_time: nullableTime,
        token_validity_begin: { ...nullableTime, description: 'tokens are valid from this time on (the user\'s creation)' },
        projects: { type: 'array', items: { type: 'string' } },
        project_membership: { type: 'object', additionalProperties: { type: 'string' } },
        project_memberships: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
        invitations: { type: 'array', items: { type: 'object' } },
        features: { type: 'object' },
        managed_by_scim: { type: 'boolean' },
        managing_organization_id: nullableString,
        tenant: { type: 'string' },
        kind: { type: 'string', enum: ['instance_admin', 'application_user'] },
        organization_id: nullableString,
        is_super_admin: { type: 'boolean' },
        token_prefix: { type: 'string' },
        scopes: { type: ['array', 'null'], items: { type: 'string' } },
      },
    },
  },
} as const;

export const sharedSchemas = [errorSchema, organizationSchema, accountSchema, userSchema, tokenSchema, eventSchema];
