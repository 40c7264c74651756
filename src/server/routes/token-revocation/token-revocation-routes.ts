// POST /v1/token/revoke (the shape of RFC 7009): whoever holds a token can revoke it, with no other
// credential: the token is its own authority. Whoever finds a leaked token kills it at once.
//
// It answers 200 whether or not the token existed (so it tells nothing), is rate-limited per client
// address (every request counts, found or not), and a string that fails the checksum is answered
// without touching the database. A revocation is recorded as token.revoked_by_holder with the
// caller's address, and every node drops the token from its cache within a second.
import { checkToken } from '../../../domain/token-format.js';
import { tokenDigest } from '../../../domain/token-digest.js';
import { TOKEN_HOLDER_ACTOR } from '../../../domain/audit-actions.js';
import type { FamilyOptions } from '../../context.js';
import type { FamilyPlugin } from '../family-plugin.js';
import type { FailedAuthLimiter } from '../../auth/failed-auth-limiter.js';
import { ApiError } from '../../errors.js';
import { clientAddress } from '../../audit/audit-event.js';
import { revokeBody, revokedSchema } from './token-revocation-schemas.js';

export interface TokenRevocationOptions extends FamilyOptions {
  /** Every request counts against its address, found or not. */
  limiter: FailedAuthLimiter;
}

/** An encapsulated Fastify plugin, outside /v1's authentication: the token in the body is the credential. */
export const tokenRevocationRoutes: FamilyPlugin<[], TokenRevocationOptions> = async (app, { ctx, limiter }) => {
  app.post(
    '/v1/token/revoke',
    {
      schema: {
        tags: ['revocation'],
        summary: 'Revoke the token in the body (RFC 7009; form or JSON). No Authorization needed: the token revokes itself. Always 200.',
        body: revokeBody,
        // 400 and the other answers every route may give are added by documentErrorAnswers
        response: { 200: revokedSchema, 429: { $ref: 'AivenError#' } },
      },
    },
    async (request) => {
      const ip = clientAddress(request);
      const now = ctx.clock.now();
      if (limiter.isLimited(ip, now)) {
        const retryAfter = limiter.retryAfterSeconds(ip, undefined, now);
        throw new ApiError(429, 'too_many_revocations', `too many revocation requests from ${ip}; retry in ${retryAfter} s`, { 'retry-after': String(retryAfter) });
      }
      // every request counts, found or not: this endpoint must not become a free oracle for guessing
      limiter.recordFailure(ip, undefined, now);
      const token = request.body.token.trim();
      if (!checkToken(token).ok) return {};
      const userAgent = request.headers['user-agent'] ?? null;
      const revoked = await ctx.store.revokeTokenByDigest(tokenDigest(token), (found) => ({
        time: now,
        organizationId: found.organizationId,
        actor: TOKEN_HOLDER_ACTOR,
        actorTokenPrefix: found.tokenPrefix,
        action: 'token.revoked_by_holder',
        target: found.tokenPrefix,
        ip,
        userAgent,
        details: { user_id: found.userId, kind: found.kind },
      }));
      if (revoked) await ctx.invalidation.publish([revoked.tokenPrefix]);
      return {};
    },
  );
};
