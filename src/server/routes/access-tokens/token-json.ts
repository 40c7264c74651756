// A token as the API answers it (never the secret: only a create or rotate answer adds `full_token`).
import type { TokenRecord } from '../../../store/records.js';
import type { ServiceContext } from '../../context.js';
import { iso, isoOrNull } from '../../iso-time.js';

export function tokenJson(token: TokenRecord, currentTokenPrefix: string | undefined) {
  return {
    token_prefix: token.tokenPrefix,
    description: token.description,
    create_time: iso(token.createTime),
    created_manually: token.createdManually,
    currently_active: token.tokenPrefix === currentTokenPrefix,
    max_age_seconds: token.requestedMaxAgeSeconds,
    extend_when_used: token.extendWhenUsed,
    expiry_time: isoOrNull(token.expiryTime),
    last_used_time: isoOrNull(token.lastUsedTime),
    last_ip: token.lastIp,
    last_user_agent: token.lastUserAgent,
    last_user_agent_human_readable: token.lastUserAgentHumanReadable,
    scopes: token.scopes,
    ip_allowlist: token.ipAllowlist,
    created_by: token.createdBy ?? null,
    created_by_token_prefix: token.createdByTokenPrefix ?? null,
    rotated_to: token.rotatedTo ?? null,
  };
}

/** The view of a token as of now on this node: stored values, overlaid with uses not yet written. */
export function withLatestUse(ctx: ServiceContext, token: TokenRecord): TokenRecord {
  const cached = ctx.cache.peekByPrefix(token.tokenPrefix)?.token;
  if (cached && (cached.lastUsedTime ?? 0) > (token.lastUsedTime ?? 0)) {
    return { ...token, lastUsedTime: cached.lastUsedTime, lastIp: cached.lastIp, lastUserAgent: cached.lastUserAgent, lastUserAgentHumanReadable: cached.lastUserAgentHumanReadable, expiryTime: cached.expiryTime };
  }
  return token;
}

/** What a token.created event records about the token (its settings; never the secret). */
export function tokenDetails(token: TokenRecord): Record<string, unknown> {
  return {
    user_id: token.userId,
    description: token.description,
    max_age_seconds: token.maxAgeSeconds,
    extend_when_used: token.extendWhenUsed,
    scopes: token.scopes,
    ip_allowlist: token.ipAllowlist,
  };
}
