// Application-user tokens: …/application-users/{user_id}/access-tokens[/{token_prefix}]: create (with
// an optional Idempotency-Key), list, revoke, rotate.
import { initialExpiry, isExpired } from '../../../domain/expiry.js';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_TTL_SECONDS, IDEMPOTENT_REPLAYED_HEADER } from '../../../domain/idempotency-key.js';
import { DEFAULT_ROTATION_GRACE_SECONDS } from '../../../domain/token-limits.js';
import { lifetimeBeyond } from '../../../domain/token-lifetime.js';
import type { TokenRecord } from '../../../store/records.js';
import { forbidden } from '../../errors.js';
import { iso } from '../../iso-time.js';
import { actorOf, auditEvent } from '../../audit/audit-event.js';
import { administeredUser } from '../../operations/application-users.js';
import { PREFIX_TAKEN, withFreshToken } from '../../operations/issue-token.js';
import { noContent, type FamilyPlugin } from '../family-plugin.js';
import { userParams } from '../shared-schemas.js';
import { createdTokenSchema, createTokenBody, rotateTokenBody, tokenParams, tokenSchema, tokensPageSchema } from './access-token-schemas.js';
import { tokenDetails, tokenJson, withLatestUse } from './token-json.js';
import { alreadyRotated, idempotencyKeyOf, requireNoBroaderThanCaller, tokenNotFound, validateTokenRequest } from './token-request-checks.js';

const tags = ['application user tokens'];

/** An encapsulated Fastify plugin: registered under /v1 with the service context. */
export const accessTokenRoutes: FamilyPlugin<[typeof tokenSchema]> = async (app, { ctx }) => {
  const base = '/v1/organization/:organization_id/application-users/:user_id/access-tokens';

  app.post(
    base,
    {
      config: { scope: 'accounts:write' },
      schema: {
        tags, summary: 'Create a token (the response is the only time the full token is shown)',
        description:
          'With an `Idempotency-Key` header (echoed in the answer), a repeated request with the same key within ' +
          `${IDEMPOTENCY_KEY_TTL_SECONDS / 60} minutes answers with the token created the first time, without \`full_token\`, ` +
          'and with `Idempotent-Replayed: true`, instead of creating another.',
        params: userParams, body: createTokenBody,
        response: { 200: createdTokenSchema },
      },
    },
    async (request, reply) => {
      const { organization_id, user_id } = request.params;
      const body = request.body;
      validateTokenRequest(body);
      await administeredUser(ctx, request.principal, organization_id, user_id);
      requireNoBroaderThanCaller(request.principal, body.scopes ?? null, body.ip_allowlist ?? null);
      const idempotencyKey = idempotencyKeyOf(request.headers);
      const maxAgeSeconds = body.max_age_seconds ?? ctx.defaultMaxAgeSeconds;
      const longer = lifetimeBeyond(
        { maxAgeSeconds, extendWhenUsed: body.extend_when_used ?? false, explicit: body.max_age_seconds !== undefined },
        request.principal.lifetime,
      );
      if (longer !== undefined) throw forbidden(longer.message);
      const now = ctx.clock.now();
      // Echoed so a client can tell a server that honours keys from one that ignores them.
      if (idempotencyKey) reply.header(IDEMPOTENCY_KEY_HEADER, idempotencyKey);
      return withFreshToken(async ({ fullToken, tokenPrefix, digest }) => {
        // Looked up on every attempt: a concurrent request with the same key may have just created it.
        if (idempotencyKey) {
          const earlier = await ctx.store.findTokenByIdempotencyKey(user_id, idempotencyKey, now);
          if (earlier) {
            reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
            return tokenJson(withLatestUse(ctx, earlier), request.principal.tokenPrefix);
          }
        }
        const token: TokenRecord = {
          tokenPrefix,
          kind: 'application_user',
          userId: user_id,
          organizationId: organization_id,
          description: body.description ?? '',
          createTime: now,
          createdManually: true,
          maxAgeSeconds,
          requestedMaxAgeSeconds: body.max_age_seconds ?? null,
          extendWhenUsed: body.extend_when_used ?? false,
          expiryTime: initialExpiry(now, maxAgeSeconds),
          lastUsedTime: null,
          lastIp: null,
          lastUserAgent: null,
          lastUserAgentHumanReadable: null,
          scopes: body.scopes ? [...new Set(body.scopes)] : null,
          ipAllowlist: body.ip_allowlist ?? null,
          rotatedTo: null,
          // 'admin' (the instance admin) or the user's id: the creator named as audit events name their actor
          createdBy: actorOf(request.principal),
          createdByTokenPrefix: request.principal.tokenPrefix,
        };
        const keyed = idempotencyKey ? { key: idempotencyKey, expiresAt: now + IDEMPOTENCY_KEY_TTL_SECONDS * 1000 } : undefined;
        const event = auditEvent(request, now, 'token.created', organization_id, token.tokenPrefix, tokenDetails(token));
        if (!(await ctx.store.createToken({ token, digest, idempotencyKey: keyed }, event))) return PREFIX_TAKEN;
        return { full_token: fullToken, ...tokenJson(token, request.principal.tokenPrefix) };
      });
    },
  );

  app.get(
    base,
    {
      config: { scope: 'accounts:read' },
      schema: {
        tags, summary: 'List the live tokens of an application user', params: userParams,
        response: { 200: tokensPageSchema },
      },
    },
    async (request) => {
      const { organization_id, user_id } = request.params;
      await administeredUser(ctx, request.principal, organization_id, user_id);
      const now = ctx.clock.now();
      const tokens = (await ctx.store.listTokens(user_id))
        .map((token) => withLatestUse(ctx, token))
        .filter((token) => !isExpired(token.expiryTime, now));
      return { tokens: tokens.map((token) => tokenJson(token, request.principal.tokenPrefix)) };
    },
  );

  app.delete(
    `${base}/:token_prefix`,
    {
      config: { scope: 'accounts:write' },
      schema: { tags, summary: 'Revoke a token', params: tokenParams, response: { 204: { type: 'null' } } },
    },
    async (request, reply) => {
      const { organization_id, user_id, token_prefix } = request.params;
      await administeredUser(ctx, request.principal, organization_id, user_id);
      const event = auditEvent(request, ctx.clock.now(), 'token.revoked', organization_id, token_prefix, { user_id });
      if (!(await ctx.store.deleteToken(user_id, token_prefix, event))) throw tokenNotFound(user_id, token_prefix);
      await ctx.invalidation.publish([token_prefix]);
      return noContent(reply);
    },
  );

  app.post(
    `${base}/:token_prefix/rotate`,
    {
      config: { scope: 'accounts:write' },
      // the body is optional (all defaults): validate a missing one as {} (a JSON null is not missing: 400)
      preValidation: async (request) => {
        if (request.body === undefined) request.body = {};
      },
      schema: {
        tags,
        summary: 'Rotate a token: a new token with the same settings; the old one keeps working for grace_seconds, then stops',
        params: tokenParams, body: rotateTokenBody,
        response: { 200: createdTokenSchema, 409: { $ref: 'AivenError#' } },
      },
    },
    async (request) => {
      const { organization_id, user_id, token_prefix } = request.params;
      const graceSeconds = request.body?.grace_seconds ?? DEFAULT_ROTATION_GRACE_SECONDS;
      await administeredUser(ctx, request.principal, organization_id, user_id);
      // Uses this node has not written yet may have extended the old token (extend_when_used): write
      // them first, so the grace period is measured against its latest expiry, not the one of the last
      // flush (the token would otherwise stop up to a flush interval early).
      await ctx.lastUse.flush();
      const now = ctx.clock.now();
      const old = (await ctx.store.listTokens(user_id)).find((t) => t.tokenPrefix === token_prefix);
      if (!old || isExpired(old.expiryTime, now)) throw tokenNotFound(user_id, token_prefix);
      if (old.rotatedTo) throw alreadyRotated(token_prefix, old.rotatedTo);
      requireNoBroaderThanCaller(request.principal, old.scopes, old.ipAllowlist);
      const longer = lifetimeBeyond(
        { maxAgeSeconds: old.maxAgeSeconds, extendWhenUsed: old.extendWhenUsed, explicit: old.requestedMaxAgeSeconds !== null },
        request.principal.lifetime,
      );
      if (longer !== undefined) throw forbidden(longer.message);
      const graceEnd = now + graceSeconds * 1000;
      return withFreshToken(async ({ fullToken, tokenPrefix, digest }) => {
        const successor: TokenRecord = {
          ...old,
          tokenPrefix,
          createTime: now,
          createdManually: true,
          expiryTime: initialExpiry(now, old.maxAgeSeconds),
          lastUsedTime: null,
          lastIp: null,
          lastUserAgent: null,
          lastUserAgentHumanReadable: null,
          rotatedTo: null,
          createdBy: actorOf(request.principal),
          createdByTokenPrefix: request.principal.tokenPrefix,
        };
        const event = auditEvent(request, now, 'token.rotated', organization_id, token_prefix, {
          user_id,
          rotated_to: successor.tokenPrefix,
          grace_seconds: graceSeconds,
          old_expiry_time: iso(old.expiryTime === null ? graceEnd : Math.min(old.expiryTime, graceEnd)),
        });
        const result = await ctx.store.rotateToken(user_id, token_prefix, { token: successor, digest }, graceEnd, now, event);
        if (result.outcome === 'prefix_taken') return PREFIX_TAKEN;
        if (result.outcome === 'not_found') throw tokenNotFound(user_id, token_prefix);
        if (result.outcome === 'already_rotated') throw alreadyRotated(token_prefix, result.rotatedTo);
        // every node must see the old token's new expiry (and that it no longer extends) at once
        await ctx.invalidation.publish([token_prefix]);
        return { full_token: fullToken, ...tokenJson(successor, request.principal.tokenPrefix) };
      });
    },
  );
};
