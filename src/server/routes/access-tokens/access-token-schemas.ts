// The access tokens family's schemas: the Token object (a shared schema, registered by app.ts as
// `Token#`), the created token (the only answer that holds the secret), the token path parameters and
// the bodies of create and rotate. Limits come from src/domain/token-limits.ts, which the provider's
// plan-time validators read too.
import {
  DEFAULT_ROTATION_GRACE_SECONDS,
  DESCRIPTION_MAX_LENGTH,
  IP_ALLOWLIST_ENTRY_MAX_LENGTH,
  IP_ALLOWLIST_MAX_ITEMS,
  MAX_AGE_SECONDS_RANGE,
  MAX_MAX_AGE_SECONDS,
  MAX_ROTATION_GRACE_SECONDS,
  MAX_SCOPE_LENGTH,
  SCOPES_MAX_ITEMS,
} from '../../../domain/token-limits.js';
import { MAX_PATH_ID_LENGTH, nullableString, nullableTime, organizationIdParam, time, userIdParam } from '../shared-schemas.js';

/** Not checked against Tessera's token format, like every id (see shared-schemas.ts). */
const tokenPrefixParam = { type: 'string', minLength: 1, maxLength: MAX_PATH_ID_LENGTH, description: 'Token prefix (URL-encoded)' } as const;

export const tokenParams = {
  type: 'object',
  properties: { organization_id: organizationIdParam, user_id: userIdParam, token_prefix: tokenPrefixParam },
  required: ['organization_id', 'user_id', 'token_prefix'],
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

export const tokensPageSchema = { type: 'object', properties: { tokens: { type: 'array', items: { $ref: 'Token#' } } } } as const;

export const rotateTokenBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    grace_seconds: {
      type: 'integer',
      minimum: 0,
      maximum: MAX_ROTATION_GRACE_SECONDS,
      description: `How long the old token keeps working, 0 to ${MAX_ROTATION_GRACE_SECONDS} seconds (default ${DEFAULT_ROTATION_GRACE_SECONDS}). Never lengthens its expiry.`,
    },
  },
} as const;
