/**
 * Ephemeral tokens this provider process opened and terraform has not closed. Terraform closes an
 * ephemeral resource when the run no longer needs it, but not when the run fails or is interrupted
 * after opening it; such a token would stay valid until it expires. So the provider revokes every
 * token still open here when terraform stops it (StopProvider) or shuts it down.
 */
import { isNotFoundError, type AivenClient } from '../../../client/index.js';

export interface OpenEphemeralToken {
  client: AivenClient;
  organization_id: string;
  user_id: string;
  token_prefix: string;
}

const open = new Map<string, OpenEphemeralToken>();

export function rememberOpened(token: OpenEphemeralToken): void {
  open.set(token.token_prefix, token);
}

export function forgetClosed(tokenPrefix: string): void {
  open.delete(tokenPrefix);
}

export function openEphemeralTokenCount(): number {
  return open.size;
}

/** Revokes every token still open, all at once, within `withinMs`; returns the prefixes revoked. */
export async function revokeOpenEphemeralTokens(withinMs: number): Promise<string[]> {
  const deadline = Date.now() + withinMs;
  const revoked: string[] = [];
  await Promise.all(
    [...open.values()].map(async (token) => {
      try {
        await token.client.deleteApplicationUserToken(token.organization_id, token.user_id, token.token_prefix, {
          deadline,
          signal: AbortSignal.timeout(Math.max(1, withinMs)),
        });
        revoked.push(token.token_prefix);
        open.delete(token.token_prefix);
      } catch (err) {
        if (isNotFoundError(err)) open.delete(token.token_prefix);
        // Otherwise it stays listed: the next sweep (shutdown after stop) tries again.
      }
    }),
  );
  return revoked;
}
