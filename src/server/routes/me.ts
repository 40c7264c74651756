// GET /v1/me: who the caller is.
import type { FastifyInstance } from 'fastify';
import type { FamilyOptions } from '../context.js';
import { INSTANCE_ADMIN_ID, type Principal } from '../auth/principal.js';
import { errorResponses, meSchema } from '../schemas.js';
import { iso, TENANT_ID } from '../serialize.js';

/**
 * The fields of Aiven's UserInfo (avn user info prints user, real_name, state, token_validity_begin,
 * projects, auth; typed clients decode the rest), with the values that hold for a Tessera principal:
 * active, a member of no projects, signing in with no password or SSO method (tokens only), tokens valid
 * from the user's creation on.
 */
function userInfo(who: { user: string; userId: string; realName: string; createTime: number | null; organizationId: string | null }) {
  const created = who.createTime === null ? null : iso(who.createTime);
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
export async function meRoutes(app: FastifyInstance, _options: FamilyOptions): Promise<void> {
  app.get(
    '/v1/me',
    {
      config: { scope: 'user:read' },
      schema: { tags: ['me'], security: [{ aivenv1: [] }], summary: 'The caller', response: { 200: meSchema, ...errorResponses } },
    },
    async (request, reply) => {
      // The answer depends on the principal only, which stays the same object while its token's cache
      // entry lives (and is a new one once the token, its user or their rights change): serialized
      // (with the route's response schema) once per principal instead of on every request.
      let body = answers.get(request.principal);
      if (body === undefined) {
        body = reply.serialize(meOf(request.principal)) as string;
        answers.set(request.principal, body);
      }
      return reply.type('application/json; charset=utf-8').send(body);
    },
  );
}

const answers = new WeakMap<Principal, string>();

function meOf(p: Principal) {
  if (p.kind === 'instance_admin') {
    return {
      user: {
        ...userInfo({ user: 'admin@tessera.invalid', userId: INSTANCE_ADMIN_ID, realName: 'Tessera instance admin', createTime: null, organizationId: null }),
        kind: p.kind, organization_id: null, is_super_admin: true, token_prefix: p.tokenPrefix, scopes: p.scopes,
      },
    };
  }
  const u = p.user;
  return {
    user: {
      ...userInfo({ user: u.userEmail, userId: u.userId, realName: u.name, createTime: u.createTime, organizationId: u.organizationId }),
      kind: p.kind, organization_id: u.organizationId, is_super_admin: u.isSuperAdmin, token_prefix: p.tokenPrefix, scopes: p.scopes,
    },
  };
}
