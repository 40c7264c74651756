// GET /v1/me: who the caller is.
import type { FromSchema } from 'json-schema-to-ts';
import type { FamilyPlugin } from '../family-plugin.js';
import { INSTANCE_ADMIN_ID } from '../../auth/principal.js';
import { answerPerPrincipal } from '../../auth/principal-answer.js';
import { isoOrNull } from '../../iso-time.js';
import { TENANT_ID } from '../shared-schemas.js';
import { meSchema } from './me-schemas.js';

/**
 * The fields of Aiven's UserInfo (avn user info prints user, real_name, state, token_validity_begin,
 * projects, auth; typed clients decode the rest), with the values that hold for a Tessera principal:
 * active, a member of no projects, signing in with no password or SSO method (tokens only), tokens valid
 * from the user's creation on.
 */
function userInfo(who: { user: string; userId: string; realName: string; createTime: number | null; organizationId: string | null }) {
  const created = isoOrNull(who.createTime);
  return {
    user: who.user,
    user_id: who.userId,
    real_name: who.realName,
    state: 'active',
    auth: [],
    create_time: created,
    token_validity_begin: created,
    projects: [],
    project_membership: {},
    project_memberships: {},
    invitations: [],
    features: {},
    managed_by_scim: false,
    managing_organization_id: who.organizationId,
    tenant: TENANT_ID,
  };
}

/** An encapsulated Fastify plugin: registered under /v1 with the service context. */
export const meRoutes: FamilyPlugin = async (app) => {
  app.get(
    '/v1/me',
    {
      config: { scope: 'user:read' },
      schema: { tags: ['me'], summary: 'The caller', response: { 200: meSchema } },
    },
    // the answer follows from the principal alone: built and serialized once per principal (typed by
    // the schema here, since the handler sends text)
    answerPerPrincipal((p): FromSchema<typeof meSchema> => {
      if (p.kind === 'instance_admin') {
        return {
          user: {
            ...userInfo({ user: 'admin@tessera.invalid', userId: INSTANCE_ADMIN_ID, realName: 'Tessera instance admin', createTime: null, organizationId: null }),
            kind: p.kind, organization_id: null, is_super_admin: true, token_prefix: p.tokenPrefix, scopes: p.scopes && [...p.scopes],
          },
        };
      }
      const u = p.user;
      return {
        user: {
          ...userInfo({ user: u.userEmail, userId: u.userId, realName: u.name, createTime: u.createTime, organizationId: u.organizationId }),
          kind: p.kind, organization_id: u.organizationId, is_super_admin: u.isSuperAdmin, token_prefix: p.tokenPrefix, scopes: p.scopes && [...p.scopes],
        },
      };
    }),
  );
};
