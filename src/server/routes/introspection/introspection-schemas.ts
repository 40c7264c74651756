// POST /v1/token/introspect's request (RFC 7662: the token, from a form or JSON) and answer.
import { tokenInBody } from '../shared-schemas.js';

export const introspectBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    token: tokenInBody,
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
