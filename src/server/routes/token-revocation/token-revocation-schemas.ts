// POST /v1/token/revoke's request (the shape of RFC 7009: the token itself, from a form or JSON;
// token_type_hint is accepted and ignored) and its answer, always the same empty object.
import { tokenInBody } from '../shared-schemas.js';

export const revokeBody = {
  type: 'object',
  additionalProperties: false,
  properties: { token: tokenInBody, token_type_hint: { type: 'string', maxLength: 64 } },
  required: ['token'],
} as const;

export const revokedSchema = { type: 'object', additionalProperties: false, properties: {} } as const;
