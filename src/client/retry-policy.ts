/**
 * When and how long to wait before retrying a request. Transient failures are connection errors,
 * 5xx and 429; for requests that are not idempotent (POST, PATCH) only failures that prove the server
 * did nothing are retried (connection refused, 429, 503), so a create is never done twice.
 */

export interface RetryOptions {
  /** Attempts in all, the first included. Default 6. The caller's signal/deadline bounds them too. */
  maxAttempts?: number;
  /** First backoff delay in ms; doubled each attempt, with full jitter. Default 200. */
  baseDelayMs?: number;
  /** Longest single wait in ms. Default 5000. */
  maxDelayMs?: number;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/** Codes Node's fetch (undici) reports in `cause.code` when nothing reached the server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

export function isRetryableStatus(method: string, status: number): boolean {
  if (status === 429 || status === 503) return true;
  return IDEMPOTENT.has(method) && status >= 500 && status <= 599 && status !== 501;
}

/** A fetch that threw (not an abort): retry if the request surely did not land, or if it is idempotent. */
export function isRetryableNetworkError(method: string, err: unknown): boolean {
  const code = (err as { cause?: { code?: string } })?.cause?.code;
  if (code && NOT_SENT_CODES.has(code)) return true;
  return IDEMPOTENT.has(method);
}

/** Delay before attempt number `attempt` (1 = first retry), honouring a server's Retry-After. */
export function backoffDelayMs(attempt: number, opts: Required<RetryOptions>, retryAfter?: string | null): number {
  const fromHeader = parseRetryAfterMs(retryAfter);
  if (fromHeader !== undefined) return Math.min(fromHeader, opts.maxDelayMs);
  const ceiling = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

function parseRetryAfterMs(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export const defaultRetryOptions: Required<RetryOptions> = { maxAttempts: 6, baseDelayMs: 200, maxDelayMs: 5000 };
