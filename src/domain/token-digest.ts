// Tokens are stored and looked up only by their SHA-256 digest; the secret itself is never kept.
import { createHash } from 'node:crypto';

export function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
