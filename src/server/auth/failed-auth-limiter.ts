// Counts failed authentications per client address in fixed windows. Once an address reaches the
// limit, requests from it that do not carry an already-verified (cached) token get 429 until the
// window ends, before any database work.
export class FailedAuthLimiter {
  private windowStart = 0;
  private failures = new Map<string, number>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly maxAddresses = 100_000,
  ) {}

  private roll(now: number): void {
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.failures = new Map();
    }
  }

  isBlocked(address: string, now: number): boolean {
    if (this.limit <= 0) return false;
    this.roll(now);
    return (this.failures.get(address) ?? 0) >= this.limit;
  }

  recordFailure(address: string, now: number): void {
    if (this.limit <= 0) return;
    this.roll(now);
    if (this.failures.size >= this.maxAddresses && !this.failures.has(address)) return;
    this.failures.set(address, (this.failures.get(address) ?? 0) + 1);
  }

  /** Seconds until the current window ends (for Retry-After). */
  retryAfterSeconds(now: number): number {
    return Math.max(1, Math.ceil((this.windowStart + this.windowMs - now) / 1000));
  }
}
