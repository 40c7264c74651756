// Application-user tokens: …/application-users/{user_id}/access-tokens[/{token_prefix}].
import type { FastifyInstance } from 'fastify';
import { initialExpiry, isExpired } from '../../domain/expiry.js';
import { checkMaxAgeSeconds } from '../../domain/token-limits.js';
import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENCY_KEY_MAX_LENGTH,
  IDEMPOTENCY_KEY_TTL_SECONDS,
  IDEMPOTENT_REPLAYED_HEADER,
  isValidIdempotencyKey,
} from '../../domain/idempotency-key.js';
import { findInvalidScope, scopeBeyond, VALID_SCOPE_FORMS } from '../../domain/scopes.js';
import { allowlistBeyond, parseCidr } from '../../domain/ip-allowlist.js';
import { lifetimeBeyond } from '../../domain/token-lifetime.js';
import type { FamilyOptions, ServiceContext } from '../context.js';
import { createdTokenSchema, createTokenBody, errorResponses, rotateTokenBody, tokenParams, userParams } from '../schemas.js';
import { iso, tokenJson } from '../serialize.js';
import { ApiError, badRequest, forbidden, notFound } from '../errors.js';
import type { TokenRecord } from '../../store/records.js';
import type { Principal } from '../auth/principal.js';
import { auditEvent } from '../audit/audit-event.js';
import { administeredUser } from '../operations/application-users.js';
import { PREFIX_TAKEN, withFreshToken } from '../operations/issue-token.js';

/** Rotation's default grace period: the old token keeps working this long (seconds). */
export const DEFAULT_ROTATION_GRACE_SECONDS = 3600;

const tags = ['application user tokens'];
/** created_by of tokens the instance admin created. */
export const CREATED_BY_ADMIN = 'admin';

/** created_by of a token the principal makes: 'admin' or the application user's id. */
function createdByOf(principal: Principal): string {
  return principal.kind === 'instance_admin' ? CREATED_BY_ADMIN : principal.user.userId;
}
const security = [{ aivenv1: [] }];

interface CreateTokenBody {
  description?: string;
  max_age_seconds?: number;
  extend_when_used?: boolean;
  scopes?: string[];
  ip_allowlist?: string[];
}

/** Checks what JSON schema cannot say; throws a 400 naming the field and value. */
function validateTokenRequest(body: CreateTokenBody): void {
  const maxAgeProblem = body.max_age_seconds === undefined ? undefined : checkMaxAgeSeconds(body.max_age_seconds)[0];
  if (maxAgeProblem) throw badRequest(maxAgeProblem.detail.replace(/\.$/, ''));
  if (body.scopes) {
    const invalid = findInvalidScope(body.scopes);
    if (invalid !== undefined) throw badRequest(`scopes: '${invalid}' is not a valid scope; use ${VALID_SCOPE_FORMS}`);
  }
  body.ip_allowlist?.forEach((entry, index) => {
    if (!parseCidr(entry)) {
      throw badRequest(`ip_allowlist[${index}]: '${entry}' is not a valid CIDR (e.g. 203.0.113.0/24, 2001:db8::/32 or a single address)`);
    }
  });
}

/** A scoped or address-restricted token may only make tokens no broader than itself. */
function requireNoBroaderThanCaller(principal: Principal, scopes: string[] | null, ipAllowlist: string[] | null): void {
  const beyond = scopeBeyond(scopes, principal.scopes);
  if (beyond !== undefined) {
    throw forbidden(
      `a token with scopes [${principal.scopes!.join(', ')}] cannot create a token ${beyond === 'all' && !scopes ? 'without scopes' : `with scope '${beyond}'`}`,
      'token_scope_insufficient',
    );
  }
  const creator = principal.ipAllowlist;
  const outside = allowlistBeyond(ipAllowlist, creator);
  if (outside !== undefined) {
    throw forbidden(
      `a token restricted to ip_allowlist [${creator!.join(', ')}] cannot create a token allowed from ${outside === 'any address' ? 'any address' : `'${outside}'`}`,
    );
  }
}

function tokenNotFound(userId: string, tokenPrefix: string): ApiError {
  return notFound('token_not_found', `token '${tokenPrefix}' not found for application user '${userId}'`);
}

function alreadyRotated(tokenPrefix: string, rotatedTo: string): ApiError {
  return new ApiError(409, 'token_already_rotated', `token '${tokenPrefix}' was already rotated (to '${rotatedTo}'); rotate its successor instead`);
}

/** The request's Idempotency-Key, if any; throws a 400 for a malformed one. */
function idempotencyKeyOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  const value = headers[IDEMPOTENCY_KEY_HEADER];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !isValidIdempotencyKey(value)) {
    throw badRequest(`Idempotency-Key must be one header of 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters`);
  }
  return value;
}

/** The view of a token as of now on this node: stored values, overlaid with uses not yet written. */
function withLatestUse(ctx: ServiceContext, token: TokenRecord): TokenRecord {
  const cached = ctx.cache.peekByPrefix(token.tokenPrefix)?.token;
  if (cached && (cached.lastUsedTime ?? 0) > (token.lastUsedTime ?? 0)) {
    return { ...token, lastUsedTime: cached.lastUsedTime, lastIp: cached.lastIp, lastUserAgent: cached.lastUserAgent, lastUserAgentHumanReadable: cached.lastUserAgentHumanReadable, expiryTime: cached.expiryTime };
  }
  return token;
}

/** An encapsulated Fastify plugin: registered under /v1 with the service context. */
export async function accessTokenRoutes(app: FastifyInstance, { ctx }: FamilyOptions): Promise<void> {
  const base = '/v1/organization/:organization_id/application-users/:user_id/access-tokens';

  app.post<{ Params: { organization_id: string; user_id: string }; Body: CreateTokenBody }>(
    base,
    {
      config: { scope: 'accounts:write' },
      schema: {
        tags, security, summary: 'Create a token (the response is the only time the full token is shown)',
        description:
          'With an `Idempotency-Key` header (echoed in the answer), a repeated request with the same key within ' +
          `${IDEMPOTENCY_KEY_TTL_SECONDS / 60} minutes answers with the token created the first time, without \`full_token\`, ` +
          'and with `Idempotent-Replayed: true`, instead of creating another.',
        params: userParams, body: createTokenBody,
        response: { 200: createdTokenSchema, ...errorResponses },
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
          createdBy: createdByOf(request.principal),
          createdByTokenPrefix: request.principal.tokenPrefix,
        };
        const keyed = idempotencyKey ? { key: idempotencyKey, expiresAt: now + IDEMPOTENCY_KEY_TTL_SECONDS * 1000 } : undefined;
        const event = auditEvent(request, now, 'token.created', organization_id, token.tokenPrefix, tokenDetails(token));
        if (!(await ctx.store.createToken({ token, digest, idempotencyKey: keyed }, event))) return PREFIX_TAKEN;
        return { full_token: fullToken, ...tokenJson(token, request.principal.tokenPrefix) };
      });
    },
  );

  app.get<{ Params: { organization_id: string; user_id: string } }>(
    base,
    {
      config: { scope: 'accounts:read' },
      schema: {
        tags, security, summary: 'List the live tokens of an application user', params: userParams,
        response: { 200: { type: 'object', properties: { tokens: { type: 'array', items: { $ref: 'Token#' } } } }, ...errorResponses },
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

  app.delete<{ Params: { organization_id: string; user_id: string; token_prefix: string } }>(
    `${base}/:token_prefix`,
    {
      config: { scope: 'accounts:write' },
      schema: { tags, security, summary: 'Revoke a token', params: tokenParams, response: { 204: { type: 'null' }, ...errorResponses } },
    },
    async (request, reply) => {
      const { organization_id, user_id, token_prefix } = request.params;
      await administeredUser(ctx, request.principal, organization_id, user_id);
      const event = auditEvent(request, ctx.clock.now(), 'token.revoked', organization_id, token_prefix, { user_id });
      if (!(await ctx.store.deleteToken(user_id, token_prefix, event))) throw tokenNotFound(user_id, token_prefix);
      await ctx.invalidation.publish([token_prefix]);
      return reply.code(204).send();
    },
  );

  app.post<{ Params: { organization_id: string; user_id: string; token_prefix: string }; Body: { grace_seconds?: number } | undefined }>(
    `${base}/:token_prefix/rotate`,
    {
      config: { scope: 'accounts:write' },
      // the body is optional (all defaults): validate a missing one as {} (a JSON null is not missing: 400)
      preValidation: async (request) => {
        if (request.body === undefined) request.body = {};
      },
      schema: {
        tags, security,
        summary: 'Rotate a token: a new token with the same settings; the old one keeps working for grace_seconds, then stops',
        params: tokenParams, body: rotateTokenBody,
        response: { 200: createdTokenSchema, 409: { $ref: 'AivenError#' }, ...errorResponses },
      },
    },
    async (request) => {
      const { organization_id, user_id, token_prefix } = request.params;
      const graceSeconds = request.body?.grace_seconds ?? DEFAULT_ROTATION_GRACE_SECONDS;
      await administeredUser(ctx, request.principal, organization_id, user_id);
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
          createdBy: createdByOf(request.principal),
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
}

/** What a token.created event records about the token (its settings; never the secret). */
function tokenDetails(token: TokenRecord): Record<string, unknown> {
  return {
    user_id: token.userId,
    description: token.description,
    max_age_seconds: token.maxAgeSeconds,
    extend_when_used: token.extendWhenUsed,
    scopes: token.scopes,
    ip_allowlist: token.ipAllowlist,
  };
}
