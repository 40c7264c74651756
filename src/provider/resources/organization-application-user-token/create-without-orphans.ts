/**
 * Creating a token under a deadline without leaving one behind, and without touching anyone else's.
 * Every create carries a fresh Idempotency-Key. When the answer is lost (the deadline passed, the
 * connection dropped, a 5xx) the server may have created the token anyway, and nothing holds its
 * prefix. The provider then asks again with the same key:
 * - a server that honours keys (Tessera) answers with the token the first request created, or, if that
 *   request never arrived, creates it now, once; either way the provider revokes exactly that token;
 * - a server that ignores keys creates a new token for the repeat, which the provider revokes (it is
 *   provably its own). Whether the first request created one cannot be proven there, so nothing else
 *   is revoked, and the error names the tokens that may need a look.
 * A failure that proves nothing reached the server (connection refused) is reported as it is.
 */
import { randomUUID } from 'node:crypto';
import { isCancellation } from '../../../terraform/framework/server/cancellation.js';
import {
  AivenApiError,
  surelyNotSent,
  type AivenClient,
  type ApplicationUserToken,
  type CreateApplicationUserTokenRequest,
  type CreatedApplicationUserToken,
} from '../../../client/index.js';
import type { TokenListings } from './token-listings.js';

/** Time allowed to find and revoke a lost token after the create failed. */
export const ORPHAN_CLEANUP_BUDGET_MS = 15_000;

/** Tokens created this long before the request count as "created since" (clocks differ a little). */
const CLOCK_SLACK_MS = 60_000;

/** Prefixes of tokens this process created and handed to terraform (never named as suspects). */
const claimedPrefixes = new Set<string>();

/** Per configured client: does its server honour idempotency keys? (learnt from answers) */
const honoursKeys = new WeakMap<AivenClient, boolean>();

export class TokenCreateLostError extends Error {
  constructor(
    message: string,
    /** The deadline (not another failure) ended the create. */
    readonly timedOut: boolean,
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
): Promise<CreatedApplicationUserToken & Partial<ApplicationUserToken>> {
  const { deadline } = options;
  const signal = options.signal ?? signalFor(deadline);
  const key = randomUUID();
  const startedAt = Date.now();
  listings.invalidate(organizationId, userId);
  try {
    const answer = await client.createApplicationUserTokenWithKey(organizationId, userId, body, key, { deadline, signal });
    if (answer.outcome === 'replayed') {
      // A fresh random key cannot have been used before: the server confused it with another request.
      throw new Error(`the API answered a new token request with an earlier token (${answer.token.token_prefix}) for a new idempotency key`);
    }
    honoursKeys.set(client, answer.keyHonoured);
    claimedPrefixes.add(answer.token.token_prefix);
    return answer.token;
  } catch (err) {
    // The server answered with a client error, or the request never reached it: it created nothing.
    if (err instanceof AivenApiError && err.status < 500) throw err;
    if (!(err instanceof AivenApiError) && surelyNotSent(err) && !signal.aborted) throw err;
    if (stoppedBeforeSending(err)) throw err;
    const timedOut = signal.aborted || isCancellation(err);
    const what = timedOut
      ? `creating the token did not finish within ${options.timeoutLabel}`
      : `creating the token failed without a usable answer from the server (${(err as Error).message})`;
    const outcome = await settleLostCreate(client, organizationId, userId, body, key, startedAt);
    listings.invalidate(organizationId, userId);
    throw new TokenCreateLostError(`${what[0].toUpperCase()}${what.slice(1)}.${outcome.text}`, timedOut, outcome.revoked, outcome.failure);
  }
}

interface Settled {
  text: string;
  revoked: string[];
  failure?: string;
}

/** After a lost answer: find out, with the same idempotency key, what the server created, and revoke it. */
async function settleLostCreate(
  client: AivenClient,
  organizationId: string,
  userId: string,
  body: CreateApplicationUserTokenRequest,
  key: string,
  startedAt: number,
): Promise<Settled> {
  const cleanupDeadline = Date.now() + ORPHAN_CLEANUP_BUDGET_MS;
  const options = () => ({ deadline: cleanupDeadline, signal: signalFor(cleanupDeadline) });
  const revoked: string[] = [];
  const revoke = async (prefix: string) => {
    try {
      await client.deleteApplicationUserToken(organizationId, userId, prefix, options());
    } catch (err) {
      if (!(err instanceof AivenApiError && err.status === 404)) throw err;
    }
    revoked.push(prefix);
  };
  try {
    if (honoursKeys.get(client) === false) return await namedSuspects(client, organizationId, userId, body, startedAt, undefined, options());
    const again = await client.createApplicationUserTokenWithKey(organizationId, userId, body, key, options());
    await revoke(again.token.token_prefix);
    if (again.outcome === 'replayed') {
      return {
        revoked,
        text: ` The server had created it (prefix ${again.token.token_prefix}, found with the request's idempotency key); it was revoked, so no token is left outside the state.`,
      };
    }
    if (again.keyHonoured) {
      honoursKeys.set(client, true);
      return {
        revoked,
        text: ` The server had not created it: asked again with the same idempotency key, it created the token only then (prefix ${again.token.token_prefix}), and that token was revoked, so no token is left outside the state.`,
      };
    }
    honoursKeys.set(client, false);
    return await namedSuspects(client, organizationId, userId, body, startedAt, again.token.token_prefix, options(), revoked);
  } catch (err) {
    const failure = (err as Error).message;
    return {
      revoked,
      failure,
      text:
        ` Checking with the request's idempotency key whether the server created it failed (${failure}).` +
        ` Look among the user's tokens for one with this description created at about ${new Date(startedAt).toISOString()}, and revoke it if nobody uses it.`,
    };
  }
}

/** For an API that ignores idempotency keys: revoke nothing unproven; name the tokens worth a look. */
async function namedSuspects(
  client: AivenClient,
  organizationId: string,
  userId: string,
  body: CreateApplicationUserTokenRequest,
  startedAt: number,
  probePrefix: string | undefined,
  options: { deadline: number; signal: AbortSignal },
  revoked: string[] = [],
): Promise<Settled> {
  const tokens = await client.listApplicationUserTokens(organizationId, userId, options);
  const suspects = tokens.filter((t) => isSuspect(t, body, startedAt) && t.token_prefix !== probePrefix && !claimedPrefixes.has(t.token_prefix));
  const probe = probePrefix ? ` (the token the check itself created, ${probePrefix}, was revoked)` : '';
  const named = suspects.length
    ? ` Tokens of this user with the same description created since the request, which may need a look: ${suspects.map((t) => `${t.token_prefix} (created ${t.create_time})`).join(', ')}.`
    : ' No token of this user with the same description was created since the request.';
  return {
    revoked,
    text: ` The API does not remember idempotency keys, so the provider cannot prove whether the server created the token, and revoked no token it could not prove its own${probe}.${named}`,
  };
}

function isSuspect(token: ApplicationUserToken, body: CreateApplicationUserTokenRequest, startedAt: number): boolean {
  const created = Date.parse(token.create_time);
  return (token.description ?? '') === (body.description ?? '') && !(created < startedAt - CLOCK_SLACK_MS);
}

/** terraform's StopProvider arrived before the request went out (the client sends nothing after it). */
function stoppedBeforeSending(err: unknown): boolean {
  const e = err as { name?: string; kind?: string } | null;
  return e?.name === 'OperationCancelledError' && e.kind === 'stopped';
}

function signalFor(deadline: number): AbortSignal {
  return AbortSignal.timeout(Math.max(1, deadline - Date.now()));
}

