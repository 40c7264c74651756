// GET /v1/me: who the caller is.
import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../context.js';
import { errorResponses, meSchema } from '../schemas.js';

export const INSTANCE_ADMIN_ID = 'instance-admin';

export function meRoutes(app: FastifyInstance, _ctx: ServiceContext): void {
  app.get(
    '/v1/me',
    {
      config: { scope: 'user:read' },
      schema: { tags: ['me'], security: [{ aivenv1: [] }], summary: 'The caller', response: { 200: meSchema, ...errorResponses } },
    },
    async (request) => {
      const p = request.principal;
      if (p.kind === 'instance_admin') {
        return {
          user: {
            user: 'admin@tessera.invalid', user_id: INSTANCE_ADMIN_ID, real_name: 'Tessera instance admin', kind: p.kind,
            organization_id: null, is_super_admin: true, token_prefix: p.tokenPrefix, scopes: p.scopes,
          },
        };
      }
      return {
        user: {
          user: p.user.userEmail, user_id: p.user.userId, real_name: p.user.name, kind: p.kind,
          organization_id: p.user.organizationId, is_super_admin: p.user.isSuperAdmin, token_prefix: p.tokenPrefix, scopes: p.scopes,
        },
      };
    },
  );
}
