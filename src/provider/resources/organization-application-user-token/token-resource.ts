/**
 * aiven_organization_application_user_token: the framework's lifecycle verbs over token-operations.ts.
 * Tokens are immutable: only the `timeouts` block can change in place; everything else replaces.
 */
import type { AivenClient } from '../../../client/index.js';
import { defineResource } from '../../../terraform/framework/resource/resource.js';
import { formatDuration } from '../../../terraform/framework/timeouts/go-duration.js';
import { isUnknown } from '../../../terraform/framework/values.js';
import { TokenCreateLostError } from './create-without-orphans.js';
import { formatTokenId, parseTokenId } from './token-id.js';
import { tokenListingsFor } from './token-listings.js';
import { createToken, deleteToken, readToken } from './token-operations.js';
import { TOKEN_TYPE_NAME, tokenSchema } from './token-schema.js';
import type { TokenState } from './token-state.js';

/** Planned values with unknowns (to be filled by the server) as null. */
function knownOrNull<T extends object>(planned: T): { [K in keyof T]: Exclude<T[K], symbol> | null } {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(planned)) out[key] = isUnknown(value) ? null : value;
  return out as { [K in keyof T]: Exclude<T[K], symbol> | null };
}

/** State as importState left it: ids only, never read from the server, no secret. */
function justImported(state: TokenState): boolean {
  return state.create_time === null && state.full_token === null;
}

export const organizationApplicationUserTokenResource = defineResource({
  typeName: TOKEN_TYPE_NAME,
  schema: tokenSchema,

  async create(req) {
    const client = req.providerData as AivenClient;
    const plan = knownOrNull(req.plan) as unknown as TokenState;
    try {
      const state = await createToken(
        client,
        tokenListingsFor(client),
        plan,
        req.requestOptions,
        `${formatDuration(req.timeoutMs)} (timeouts.create)`,
      );
      return state;
    } catch (err) {
      if (err instanceof TokenCreateLostError) {
        req.diagnostics.addError(`${err.timedOut ? 'Timeout while' : 'Error'} creating ${TOKEN_TYPE_NAME}`, err.message);
        return undefined;
      }
      throw err;
    }
  },

  async read(req) {
    const client = req.providerData as AivenClient;
    const outcome = await readToken(tokenListingsFor(client), req.state as TokenState, {
      deadline: req.requestOptions.deadline,
      signal: req.signal,
    });
    if (outcome.state === null) {
      req.diagnostics.addWarning(outcome.warning.summary, outcome.warning.detail);
      return null;
    }
    if (justImported(req.state as TokenState)) {
      // Said here, once the imported token was found, not at import: a failed import imports nothing.
      req.diagnostics.addWarning(
        'full_token is not imported',
        'The token secret (full_token) is shown only once, when the token is created; the server keeps only its hash. After import, full_token is null in the state. To get a usable secret, create a new token (for example with `terraform apply -replace`).',
      );
    }
    return outcome.state;
  },

  // Only `timeouts` can change without replacement: nothing to send; computed values stay as they were.
  update(req) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(req.plan)) {
      if (isUnknown(value)) out[key] = (req.state as Record<string, unknown>)[key];
    }
    return out;
  },

  async delete(req) {
    const client = req.providerData as AivenClient;
    await deleteToken(client, tokenListingsFor(client), req.state as TokenState, req.requestOptions);
  },

  importState(req) {
    const parsed = parseTokenId(req.id);
    if ('error' in parsed) {
      req.diagnostics.addError('Invalid Import ID', parsed.error);
      return undefined;
    }
    return {
      id: formatTokenId(parsed),
      organization_id: parsed.organizationId,
      user_id: parsed.userId,
      token_prefix: parsed.tokenPrefix,
    };
  },
});
