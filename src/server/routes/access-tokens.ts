// Application-user tokens: …/application-users/{user_id}/access-tokens[/{token_prefix}].
import type { FastifyInstance } from 'fastify';
import { generateToken, tokenPrefixOf } from '../../domain/token-format.js';
import { tokenDigest } from '../../domain/token-digest.js';
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
import type { ServiceContext } from '../context.js';
import { createdTokenSchema, createTokenBody, errorResponses, tokenParams, userParams } from '../schemas.js';
import { tokenJson } from '../serialize.js';
import { badRequest, forbidden, notFound } from '../errors.js';
import type { TokenRecord } from '../../store/records.js';
import { administeredUser } from './application-users.js';

const tags = ['application user tokens'];
/** created_by of tokens the instance admin created. */
export const CREATED_BY_ADMIN = 'admin';
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

export function accessTokenRoutes(app: FastifyInstance, ctx: ServiceContext): void {
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
      const beyond = scopeBeyond(body.scopes ?? null, request.principal.scopes);
      if (beyond !== undefined) {
        throw forbidden(
          `a token with scopes [${request.principal.scopes!.join(', ')}] cannot create a token ${beyond === 'all' && !body.scopes ? 'without scopes' : `with scope '${beyond}'`}`,
          'token_scope_insufficient',
        );
      }
      const creator = request.principal.ipAllowlist;
      const outside = allowlistBeyond(body.ip_allowlist ?? null, creator);
      if (outside !== undefined) {
        throw forbidden(
          `a token restricted to ip_allowlist [${creator!.join(', ')}] cannot create a token allowed from ${outside === 'any address' ? 'any address' : `'${outside}'`}`,
        );
      }
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
      for (let attempt = 0; attempt < 5; attempt++) {
        if (idempotencyKey) {
          const earlier = await ctx.store.findTokenByIdempotencyKey(user_id, idempotencyKey, now);
          if (earlier) {
            reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
            return tokenJson(withLatestUse(ctx, earlier), request.principal.tokenPrefix);
          }
        }
        const fullToken = generateToken();
        const token: TokenRecord = {
          tokenPrefix: tokenPrefixOf(fullToken),
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
          createdBy: request.principal.kind === 'instance_admin' ? CREATED_BY_ADMIN : request.principal.user.userId,
          createdByTokenPrefix: request.principal.tokenPrefix,
        };
        const keyed = idempotencyKey ? { key: idempotencyKey, expiresAt: now + IDEMPOTENCY_KEY_TTL_SECONDS * 1000 } : undefined;
        if (await ctx.store.createToken({ token, digest: tokenDigest(fullToken), idempotencyKey: keyed })) {
          return { full_token: fullToken, ...tokenJson(token, request.principal.tokenPrefix) };
        }
      }
      throw new Error('could not allocate a unique token prefix in 5 attempts');
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
      if (!(await ctx.store.deleteToken(user_id, token_prefix))) {
        throw notFound('token_not_found', `token '${token_prefix}' not found for application user '${user_id}'`);
      }
      await ctx.invalidation.publish([token_prefix]);
      return reply.code(204).send();
    },
  );
}
