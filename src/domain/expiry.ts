// Token lifetime rules.
//   expiry_time = create_time + max_age_seconds; with extend_when_used every use moves it to
//   last_used_time + max_age_seconds. max_age_seconds = 0 means the token never expires.
export const MIN_MAX_AGE_SECONDS = 600;
export const MAX_MAX_AGE_SECONDS = 315_360_000;
export const DEFAULT_MAX_AGE_SECONDS = 36_000;

/** Expiry (ms since epoch) for a token created at createTime, or null when it never expires. */
export function initialExpiry(createTime: number, maxAgeSeconds: number): number | null {
  return maxAgeSeconds === 0 ? null : createTime + maxAgeSeconds * 1000;
}

/**
 * Expiry after a use at usedAt; unchanged unless the token extends when used. A rotated token never
 * extends: its expiry is the end of its grace period.
 */
export function expiryAfterUse(
  token: { expiryTime: number | null; maxAgeSeconds: number; extendWhenUsed: boolean; rotatedTo?: string | null },
  usedAt: number,
): number | null {
  if (token.expiryTime === null || !token.extendWhenUsed || token.maxAgeSeconds === 0 || token.rotatedTo) return token.expiryTime;
  return Math.max(token.expiryTime, usedAt + token.maxAgeSeconds * 1000);
}

export function isExpired(expiryTime: number | null, now: number): boolean {
  return expiryTime !== null && now >= expiryTime;
}
