// The Tessera token format: a fixed readable prefix, a random base62 body and a CRC32 checksum.
//
//   tsr_<43 base62 chars: 256 bits of randomness><6 base62 chars: CRC32 of everything before>
//
// The prefix lets secret scanners recognise leaked tokens; the checksum lets the server (and scanners)
// reject mistyped or made-up strings without a database lookup. token_prefix, the public identifier,
// is the first TOKEN_PREFIX_LENGTH characters.
import { randomFillSync } from 'node:crypto';
import { crc32 } from 'node:zlib';

export const TOKEN_MARKER = 'tsr_';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** 43 base62 characters carry log2(62) * 43 = 256.03 bits. */
export const TOKEN_BODY_LENGTH = 43;
export const TOKEN_CHECKSUM_LENGTH = 6;
export const TOKEN_LENGTH = TOKEN_MARKER.length + TOKEN_BODY_LENGTH + TOKEN_CHECKSUM_LENGTH;
/** "tsr_" + 10 body characters (59 bits): unique in practice; the store enforces it anyway. */
export const TOKEN_PREFIX_LENGTH = TOKEN_MARKER.length + 10;
const TOKEN_SHAPE = /^tsr_[0-9A-Za-z]{49}$/;

// Random bytes are drawn from the CSPRNG in blocks (one call per ~80 tokens instead of one each);
// bytes are used once and the block is overwritten when refilled.
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function randomByte(): number {
  if (poolOffset === pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  return pool[poolOffset++];
}

/** Uniform base62 characters by rejection sampling (bytes >= 248 would bias the alphabet). */
function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    const byte = randomByte();
    if (byte < 248) out += BASE62[byte % 62];
  }
  return out;
}

/** CRC32 as exactly six base62 digits (62^6 > 2^32), zero-padded. */
export function checksumOf(text: string): string {
  let n = crc32(text) >>> 0;
  let digits = '';
  for (let i = 0; i < TOKEN_CHECKSUM_LENGTH; i++) {
    digits = BASE62[n % 62] + digits;
    n = Math.floor(n / 62);
  }
  return digits;
}

export function generateToken(): string {
  const head = TOKEN_MARKER + randomBase62(TOKEN_BODY_LENGTH);
  return head + checksumOf(head);
}

export type TokenCheck =
  | { ok: true; tokenPrefix: string }
  | { ok: false; reason: 'malformed' | 'bad_checksum' };

/** Shape and checksum only: no I/O, no secrets kept. */
export function checkToken(token: string): TokenCheck {
  if (token.length !== TOKEN_LENGTH || !TOKEN_SHAPE.test(token)) return { ok: false, reason: 'malformed' };
  const head = token.slice(0, TOKEN_LENGTH - TOKEN_CHECKSUM_LENGTH);
  if (checksumOf(head) !== token.slice(TOKEN_LENGTH - TOKEN_CHECKSUM_LENGTH)) return { ok: false, reason: 'bad_checksum' };
  return { ok: true, tokenPrefix: token.slice(0, TOKEN_PREFIX_LENGTH) };
}

export function tokenPrefixOf(token: string): string {
  return token.slice(0, TOKEN_PREFIX_LENGTH);
}

/** Anything shaped like a Tessera token, wherever it sits in a text (checksum valid or not). */
const TOKEN_ANYWHERE = /tsr_[0-9A-Za-z]{49}/g;

/**
 * Replaces everything shaped like a token with its public prefix and a marker, for error messages and
 * log lines: a secret sent where it does not belong must not be echoed back or written down.
 */
export function redactTokens(text: string): string {
  if (!text.includes(TOKEN_MARKER)) return text;
  return text.replace(TOKEN_ANYWHERE, (token) => `${token.slice(0, TOKEN_PREFIX_LENGTH)}…[redacted]`);
}
