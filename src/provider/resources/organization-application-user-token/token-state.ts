/**
 * The token resource's state as plain values, and how an API token fills it. Tokens cannot be changed
 * on the server, so a refresh keeps the settable attributes from state and takes the read-only ones
 * from the server. `full_token` is never in an API answer after creation: it always comes from state.
 *
 * Unset and empty differ for `scopes` and `ip_allowlist` (null: unrestricted; []: nothing allowed), so
 * they are never filled with a stand-in: after create they are what the plan said; a token never read
 * before (just imported) takes the server's value, null included.
 */
import type { ApplicationUserToken } from '../../../client/index.js';
import { formatTokenId } from './token-id.js';

export interface TokenTimeouts {
  create: string | null;
  read: string | null;
  update: string | null;
  delete: string | null;
}

export interface TokenState {
  id: string | null;
  organization_id: string;
  user_id: string;
  description: string | null;
  extend_when_used: boolean | null;
  max_age_seconds: number | null;
  scopes: string[] | null;
  ip_allowlist: string[] | null;
  timeouts: TokenTimeouts | null;
  create_time: string | null;
  created_manually: boolean | null;
  currently_active: boolean | null;
  expiry_time: string | null;
  full_token: string | null;
  last_ip: string | null;
  last_used_time: string | null;
  last_user_agent: string | null;
  last_user_agent_human_readable: string | null;
  token_prefix: string | null;
}

/** The attributes a user sets; every one of them forces a new token when it changes. */
export const SETTABLE_TOKEN_ATTRIBUTES = [
  'organization_id',
  'user_id',
  'description',
  'extend_when_used',
  'max_age_seconds',
  'scopes',
  'ip_allowlist',
] as const;

/**
 * `prior` refreshed with what the server lists for the token. `justCreated`: prior is the plan of the
 * create that made this token, whose configured values must be kept exactly.
 */
export function tokenStateFromApi(prior: TokenState, token: ApplicationUserToken, justCreated = false): TokenState {
  const keep = <T>(stateValue: T | null, serverValue: T | null | undefined): T | null =>
    stateValue !== null ? stateValue : (serverValue ?? null);
  const neverRead = !justCreated && prior.create_time === null;
  const restriction = (stateValue: string[] | null, serverValue: string[] | null | undefined): string[] | null => {
    if (justCreated) return stateValue;
    if (neverRead) return serverValue ?? null;
    // State written by provider versions that stored unset as []: the server knows which it was.
    if (stateValue !== null && stateValue.length === 0 && serverValue === null) return null;
    return stateValue;
  };
  return {
    ...prior,
    id: formatTokenId({ organizationId: prior.organization_id, userId: prior.user_id, tokenPrefix: token.token_prefix }),
    description: keep(prior.description, token.description),
    extend_when_used: keep(prior.extend_when_used, token.extend_when_used),
    max_age_seconds: keep(prior.max_age_seconds, token.max_age_seconds),
    scopes: restriction(prior.scopes, token.scopes),
    ip_allowlist: restriction(prior.ip_allowlist, token.ip_allowlist),
    create_time: token.create_time,
    created_manually: token.created_manually,
    currently_active: token.currently_active,
    expiry_time: token.expiry_time ?? null,
    full_token: prior.full_token,
    last_ip: token.last_ip ?? null,
    last_used_time: token.last_used_time ?? null,
    last_user_agent: token.last_user_agent ?? null,
    last_user_agent_human_readable: token.last_user_agent_human_readable ?? null,
    token_prefix: token.token_prefix,
  };
}
