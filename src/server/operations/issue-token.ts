// Issuing a new token: a fresh secret, kept by the store only if its prefix is free. The prefix is the
// token's public id and is unique; two random tokens sharing one is all but impossible, yet it is not
// an error to show a caller, so a collision tries a fresh token. Used by token creation, rotation and
// the instance admin's first start.
import { generateToken, tokenPrefixOf } from '../../domain/token-format.js';
import { tokenDigest } from '../../domain/token-digest.js';

const ATTEMPTS = 5;

/** What `keep` answers when the store already holds a token with this prefix. */
export const PREFIX_TAKEN = Symbol('prefix taken');

export interface FreshToken {
  fullToken: string;
  tokenPrefix: string;
  digest: string;
}

/** Runs `keep` with fresh tokens until it answers something other than PREFIX_TAKEN. */
export async function withFreshToken<R>(keep: (fresh: FreshToken) => Promise<R | typeof PREFIX_TAKEN>): Promise<R> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const fullToken = generateToken();
    const result = await keep({ fullToken, tokenPrefix: tokenPrefixOf(fullToken), digest: tokenDigest(fullToken) });
    if (result !== PREFIX_TAKEN) return result;
  }
  throw new Error(`could not allocate a unique token prefix in ${ATTEMPTS} attempts`);
}
