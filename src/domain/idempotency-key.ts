// Idempotency keys on token creation (the `Idempotency-Key` request header). A client that loses the
// answer to a create can ask again with the same key: the server answers with the token it created
// for that key (its public object, never the secret a second time) instead of creating another. That
// lets a client prove which token is its own, and revoke exactly that one. Keys are kept only a short
// time, with the token; a revoked token takes its key with it.

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** Set on an answer that repeats an earlier create (no `full_token` in it). */
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';
/** How long a key names its token. */
export const IDEMPOTENCY_KEY_TTL_SECONDS = 3600;
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

/** Visible ASCII and spaces, 1 to 255 characters (a UUID is the usual choice). */
const KEY_FORM = /^[\x20-\x7e]+$/;

export function isValidIdempotencyKey(key: string): boolean {
  return key.length >= 1 && key.length <= IDEMPOTENCY_KEY_MAX_LENGTH && KEY_FORM.test(key) && key.trim() === key;
}
