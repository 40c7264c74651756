/**
 * What the token resource does against the API, apart from the framework plumbing: create (without
 * orphans), refresh from the coalesced listing (gone → removed with a warning), revoke.
 */
import {
  isNotFoundError,
  type AivenClient,
  type ApplicationUserToken,
  type CreateApplicationUserTokenRequest,
  type CreatedApplicationUserToken,
  type RequestOptions,
} from '../../../client/index.js';

/** The framework's deadline for the operation and the signal that fires at it. */
export interface Deadline {
  deadline: number;
  signal: AbortSignal;
}
import { createTokenWithoutOrphans } from './create-without-orphans.js';
import { formatTokenId } from './token-id.js';
import type { TokenListings } from './token-listings.js';
import { tokenStateFromApi, type TokenState } from './token-state.js';

export interface Warning {
  summary: string;
  detail: string;
}

export function createRequestFrom(plan: Pick<TokenState, 'description' | 'max_age_seconds' | 'extend_when_used' | 'scopes' | 'ip_allowlist'>): CreateApplicationUserTokenRequest {
  const body: CreateApplicationUserTokenRequest = {};
  if (plan.description !== null) body.description = plan.description;
  if (plan.max_age_seconds !== null) body.max_age_seconds = plan.max_age_seconds;
  if (plan.extend_when_used !== null) body.extend_when_used = plan.extend_when_used;
  if (plan.scopes !== null) body.scopes = [...plan.scopes];
  if (plan.ip_allowlist !== null) body.ip_allowlist = [...plan.ip_allowlist];
  return body;
}

/**
 * Creates the token and returns the state to save: the planned values, and the server's for the rest.
 * `plan` holds null where the plan had unknown values (the server fills them). `full_token` is in
 * the result: the only time the secret is known.
 */
export async function createToken(
  client: AivenClient,
  listings: TokenListings,
  plan: TokenState,
  { deadline, signal }: Deadline,
  timeoutLabel: string,
): Promise<TokenState> {
  const created = await createTokenWithoutOrphans(
    client,
    listings,
    plan.organization_id,
    plan.user_id,
    createRequestFrom(plan),
    { deadline, signal, timeoutLabel },
  );
  const base: TokenState = { ...plan, full_token: created.full_token, token_prefix: created.token_prefix };
  const id = formatTokenId({ organizationId: plan.organization_id, userId: plan.user_id, tokenPrefix: created.token_prefix });
  // If the server's values cannot be had, the token still goes into state (with the rest null until
  // the next refresh): losing it here would leave a token nobody can delete.
  const listed = await createdTokenAsListed(client, plan.organization_id, plan.user_id, created, { deadline, signal });
  if (!listed) return { ...base, id };
  return tokenStateFromApi(base, listed, true);
}

/** What tokenStateFromApi reads of a token, apart from what may be absent (last use, scopes…). */
const LISTED_TOKEN_KEYS = ['token_prefix', 'description', 'create_time', 'created_manually', 'currently_active', 'max_age_seconds', 'extend_when_used', 'expiry_time'] as const;

/**
 * The token just created as the user's token listing shows it, without the secret. Tessera's create
 * answer is the whole token, so nothing more is asked; the Aiven API answers only `full_token` and
 * `token_prefix`, and then the listing gives the rest (create_time, expiry…). undefined when that
 * listing fails or does not show the token.
 */
export async function createdTokenAsListed(
  client: AivenClient,
  organizationId: string,
  userId: string,
  created: CreatedApplicationUserToken & Partial<ApplicationUserToken>,
  options: RequestOptions,
): Promise<ApplicationUserToken | undefined> {
  if (LISTED_TOKEN_KEYS.every((key) => key in created) && typeof created.create_time === 'string') {
    const { full_token: _secret, ...token } = created;
    return token as ApplicationUserToken;
  }
  try {
    return (await client.listApplicationUserTokens(organizationId, userId, options)).find((t) => t.token_prefix === created.token_prefix);
  } catch {
    return undefined;
  }
}

export type ReadOutcome = { state: TokenState } | { state: null; warning: Warning };

export async function readToken(listings: TokenListings, prior: TokenState, { deadline, signal }: Deadline): Promise<ReadOutcome> {
  const { organization_id: organizationId, user_id: userId, token_prefix: tokenPrefix } = prior;
  let tokens;
  try {
    tokens = await listings.list(organizationId, userId, { deadline, signal });
  } catch (err) {
    if (isNotFoundError(err)) {
      return {
        state: null,
        warning: {
          summary: 'Application user token removed from state',
          detail: `The application user ${userId} of organization ${organizationId} no longer exists (${err.message}), so its token ${tokenPrefix} is gone. It was removed from the state; the next plan creates it again.`,
        },
      };
    }
    throw err;
  }
  const token = tokens.find((t) => t.token_prefix === tokenPrefix);
  if (!token) {
    return {
      state: null,
      warning: {
        summary: 'Application user token removed from state',
        detail: `The token ${tokenPrefix} of application user ${userId} is no longer listed: it was revoked, expired or deleted outside Terraform. It was removed from the state; the next plan creates it again.`,
      },
    };
  }
  return { state: tokenStateFromApi(prior, token) };
}

/** Revokes the token; one already gone (or whose user is gone) counts as revoked. */
export async function deleteToken(client: AivenClient, listings: TokenListings, state: TokenState, { deadline, signal }: Deadline): Promise<void> {
  if (!state.token_prefix) return;
  try {
    await client.deleteApplicationUserToken(state.organization_id, state.user_id, state.token_prefix, { deadline, signal });
  } catch (err) {
    if (!isNotFoundError(err)) throw err;
  } finally {
    listings.invalidate(state.organization_id, state.user_id);
  }
}
