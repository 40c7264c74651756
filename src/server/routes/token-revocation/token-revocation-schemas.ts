// POST /v1/token/revoke's request (the shape of RFC 7009: the token itself, from a form or JSON;
// token_type_hint is accepted and ignored) and its answer, always the same empty object.
export const revokeBody = {
  type: 'object',
  additionalProperties: false,
  properties: { token: { type: 'string', maxLength: 4096 }, token_type_hint: { type: 'string', maxLength: 64 } },
  required: ['token'],
} as const;

export const revokedSchema = { type: 'object', additionalProperties: false, properties: {} } as const;
