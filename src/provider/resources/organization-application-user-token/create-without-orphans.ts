/**
 * Creating a token under a deadline without ever leaving one behind. The server may create the token
 * and then the answer may not reach us before the deadline (a stalled proxy, a slow network): the
 * token then exists, but nothing holds its prefix, so terraform could never delete it. When the answer
 * is lost that way, we look for the token among the user's tokens (new since just before the request,
 * not claimed by another create in this process, same description) and revoke it before reporting
 * the timeout.
 */
import {
  AivenApiError,
  type AivenClient,
  type CreateApplicationUserTokenRequest,
  type CreatedApplicationUserToken,
} from '../../../client/index.js';
import type { TokenListings } from './token-listings.js';

/** Time allowed to find and revoke a lost token after the deadline passed. */
export const ORPHAN_CLEANUP_BUDGET_MS = 30_000;

/** Prefixes of tokens this process created and handed to terraform (never treated as lost). */
const claimedPrefixes = new Set<string>();

export class TokenCreateLostError extends Error {
  constructor(
    message: string,
    readonly revokedPrefixes: string[],
    readonly cleanupFailure?: string,
  ) {
    super(message);
  }
}

export interface CreateOptions {
  /** Epoch ms by which the create must have finished. */
  deadline: number;
  /** Aborted at the deadline (the framework's); defaults to a timer for `deadline`. */
  signal?: AbortSignal;
  /** Words for messages, e.g. "2m (timeouts.create)". */
  timeoutLabel: string;
}

export async function createTokenWithoutOrphans(
  client: AivenClient,
  listings: TokenListings,
  organizationId: string,
  userId: string,
  body: CreateApplicationUserTokenRequest,
  options: CreateOptions,
): Promise<CreatedApplicationUserToken> {
  const { deadline } = options;
  const signal = options.signal ?? signalFor(deadline);
  listings.invalidate(organizationId, userId);
  // What existed before: anything new afterwards that nobody claimed can only be ours.
  const before = new Set(
    (await client.listApplicationUserTokens(organizationId, userId, { deadline, signal })).map(
      (t) => t.token_prefix,
    ),
  );
  try {
    const created = await client.createApplicationUserToken(organizationId, userId, body, { deadline, signal });
    claimedPrefixes.add(created.token_prefix);
    return created;
  } catch (err) {
    // The server answered with a client error: it created nothing.
    if (err instanceof AivenApiError && err.status < 500) throw err;
    const revoked: string[] = [];
    let cleanupFailure: string | undefined;
    try {
      const cleanupDeadline = Date.now() + ORPHAN_CLEANUP_BUDGET_MS;
      // Twice, a moment apart: a request the server was still processing at the deadline lands late.
      for (const pause of [0, 1000]) {
        if (pause) await new Promise((resolve) => setTimeout(resolve, pause));
        const now = await client.listApplicationUserTokens(organizationId, userId, {
          deadline: cleanupDeadline,
          signal: signalFor(cleanupDeadline),
        });
        for (const token of now) {
          const lost =
            !before.has(token.token_prefix) &&
            !claimedPrefixes.has(token.token_prefix) &&
            !revoked.includes(token.token_prefix) &&
            (token.description ?? '') === (body.description ?? '');
          if (!lost) continue;
          await client.deleteApplicationUserToken(organizationId, userId, token.token_prefix, {
            deadline: cleanupDeadline,
            signal: signalFor(cleanupDeadline),
          });
          revoked.push(token.token_prefix);
        }
      }
    } catch (cleanupErr) {
      cleanupFailure = (cleanupErr as Error).message;
    } finally {
      listings.invalidate(organizationId, userId);
    }
    const what = signal.aborted || isTimeout(err)
      ? `creating the token did not finish within ${options.timeoutLabel}`
      : `creating the token failed without an answer from the server (${(err as Error).message})`;
    const outcome = cleanupFailure
      ? ` Checking whether the server created it anyway failed (${cleanupFailure}); look for a token with this description among the user's tokens and revoke it.`
      : revoked.length
        ? ` The server had created it (prefix ${revoked.join(', ')}); it was revoked, so no token is left outside the state.`
        : ' The server did not create it, so no token is left outside the state.';
    throw new TokenCreateLostError(`${what[0].toUpperCase()}${what.slice(1)}.${outcome}`, revoked, cleanupFailure);
  }
}

function signalFor(deadline: number): AbortSignal {
  return AbortSignal.timeout(Math.max(1, deadline - Date.now()));
}

export function isTimeout(err: unknown): boolean {
  const name = (err as { name?: string } | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}
