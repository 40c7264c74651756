/**
 * When and how long to wait before retrying a request. Transient failures are connection errors,
 * 5xx and 429; for requests that are not idempotent (POST, PATCH) only failures that prove the server
 * did nothing are retried (no connection, a reused idle connection reset, 429, 503), so a create is never done twice.
 */
import { CONNECT_TIMEOUT } from './http-exchange.js';

export interface RetryOptions {
  /** Attempts in all, the first included. Default 6. The caller's signal/deadline bounds them too. */
  maxAttempts?: number;
  /** First backoff delay in ms; doubled each attempt, with full jitter. Default 200. */
  baseDelayMs?: number;
  /** Longest single wait in ms. Default 5000. */
  maxDelayMs?: number;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/**
 * Error codes that mean nothing reached the server. node:http reports them in `code`; fetch (undici),
 * which a custom exchange may use, in `cause.code`.
 */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', CONNECT_TIMEOUT, 'UND_ERR_CONNECT_TIMEOUT']);

export function isRetryableStatus(method: string, status: number): boolean {
  if (status === 429 || status === 503) return true;
  return IDEMPOTENT.has(method) && status >= 500 && status <= 599 && status !== 501;
}

/** A request that failed without an answer (not an abort): retry if it surely did not land, or if it is idempotent. */
export function isRetryableNetworkError(method: string, err: unknown): boolean {
  return IDEMPOTENT.has(method) || surelyNotSent(err);
}

/** The error's system code, from node:http (`code`) or from fetch (`cause.code`). */
export function networkErrorCode(err: unknown): string | undefined {
  const { code, cause } = (err ?? {}) as { code?: unknown; cause?: { code?: unknown } };
  if (typeof code === 'string') return code;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

/** The failure proves the request never reached the server (so it did nothing). */
export function surelyNotSent(err: unknown): boolean {
  const code = networkErrorCode(err);
  if (code && NOT_SENT_CODES.has(code)) return true;
  // A kept-alive connection reset before any answer: the server closed it as idle just as we reused it,
  // so it never read the request. Node's docs recommend retrying these.
  return code === 'ECONNRESET' && (err as { reusedSocket?: unknown }).reusedSocket === true;
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
