// Tokens are stored and looked up only by their SHA-256 digest; the secret itself is never kept.
// crypto.hash is the one-shot form: the same digest as createHash(…).update(…).digest(…) at about
// 2.5 times the speed for a token-sized input (no Hash object), and it runs on every request.
import { hash } from 'node:crypto';

export function tokenDigest(token: string): string {
  return hash('sha256', token, 'base64url');
}
