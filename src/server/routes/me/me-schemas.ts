// GET /v1/me's answer: Aiven's UserInfo fields, and Tessera's own (kind, organization, scopes).
import { nullableString, nullableTime } from '../shared-schemas.js';

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
