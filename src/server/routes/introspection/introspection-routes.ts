// POST /v1/token/introspect (RFC 7662): other services verify a Tessera token here. The caller
// authenticates with its own token (scope "authentication"); the body is a form or JSON with `token`.
// Looking a token up is not a use of it: no last-use recording. What a caller may learn: only tokens of
// its own organization (the instance admin: any); another organization's token, or the instance
// admin's, is {"active": false} as if unknown. The answer carries the token's ip_allowlist, and with
// `client_ip` (the address the token was presented from) a token that address may not use is inactive.
import type { FamilyPlugin } from '../family-plugin.js';
import { introspectBody, introspectionSchema } from './introspection-schemas.js';
import { INSTANCE_ADMIN_ID } from '../../auth/principal.js';
import { badRequest } from '../../errors.js';
import { isPlainAddress } from '../../../domain/ip-allowlist.js';

/** An encapsulated Fastify plugin: registered under /v1 with the service context. */
export const introspectionRoutes: FamilyPlugin = async (app, { ctx }) => {
  app.post(
    '/v1/token/introspect',
    {
      config: { scope: 'authentication' },
      schema: {
        tags: ['introspection'],
        summary: 'Token introspection (RFC 7662); form (application/x-www-form-urlencoded) or JSON body',
        body: introspectBody,
        response: { 200: introspectionSchema },
      },
    },
    async (request) => {
      const clientIp = request.body.client_ip;
      if (clientIp !== undefined && !isPlainAddress(clientIp)) {
        throw badRequest(`client_ip ${JSON.stringify(clientIp)} is not an IPv4 or IPv6 address`);
      }
      const entry = await ctx.verifier.inspect(request.body.token);
      if (!entry) return { active: false };
      const { token, user } = entry;
      const caller = request.principal;
      if (caller.kind !== 'instance_admin' && (user === null || user.organizationId !== caller.user.organizationId)) return { active: false };
      if (clientIp !== undefined && entry.allowlist !== null && !entry.allowlist.allows(clientIp)) return { active: false };
      return {
        active: true,
        scope: token.scopes === null ? 'all' : token.scopes.join(' '),
        sub: user?.userId ?? INSTANCE_ADMIN_ID,
        ...(user ? { org: user.organizationId } : {}),
        token_prefix: token.tokenPrefix,
        ...(token.expiryTime !== null ? { exp: Math.floor(token.expiryTime / 1000) } : {}),
        iat: Math.floor(token.createTime / 1000),
        token_type: 'aivenv1',
        ip_allowlist: token.ipAllowlist,
      };
    },
  );
};
