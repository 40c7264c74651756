// POST /v1/token/introspect (RFC 7662): other services verify a Tessera token here. The caller
// authenticates with its own token (scope "authentication"); the body is a form or JSON with `token`.
// Looking a token up is not a use of it: no last-use recording, no IP allowlist check.
import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../context.js';
import { errorResponses, introspectBody, introspectionSchema } from '../schemas.js';
import { INSTANCE_ADMIN_ID } from './me.js';

export function introspectionRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.post<{ Body: { token: string } }>(
    '/v1/token/introspect',
    {
      config: { scope: 'authentication' },
      schema: {
        tags: ['introspection'], security: [{ aivenv1: [] }],
        summary: 'Token introspection (RFC 7662); form (application/x-www-form-urlencoded) or JSON body',
        body: introspectBody,
        response: { 200: introspectionSchema, ...errorResponses },
      },
    },
    async (request) => {
      const entry = await ctx.verifier.inspect(request.body.token);
      if (!entry) return { active: false };
      const { token, user } = entry;
      return {
        active: true,
        scope: token.scopes === null ? 'all' : token.scopes.join(' '),
        sub: user?.userId ?? INSTANCE_ADMIN_ID,
        ...(user ? { org: user.organizationId } : {}),
        token_prefix: token.tokenPrefix,
        ...(token.expiryTime !== null ? { exp: Math.floor(token.expiryTime / 1000) } : {}),
        iat: Math.floor(token.createTime / 1000),
        token_type: 'aivenv1',
      };
    },
  );
}
