/**
 * One JSON request against the API with retries: builds the URL and headers, sends through an
 * {@link HttpExchange} (node:http by default), turns error answers into {@link AivenApiError}, and
 * retries transient failures with backoff for as long as the caller's signal and deadline allow.
 */
import { AivenApiError } from './api-error.js';
import { createNodeHttpExchange, type HttpExchange, type HttpExchangeResponse } from './node-http-exchange.js';
import type { ApiErrorBody } from './types.js';
import {
  backoffDelayMs,
  defaultRetryOptions,
  isRetryableNetworkError,
  isRetryableStatus,
  networkErrorCode,
  type RetryOptions,
} from './retry-policy.js';

/** Per-call options every client method accepts. */
export interface RequestOptions {
  /** Aborts the request and any wait between retries. */
  signal?: AbortSignal;
  /** Epoch ms after which no new retry starts: the last error is thrown instead of waiting past it. */
  deadline?: number;
  /**
   * A gentler cancel (terraform's StopProvider): no new attempt and no retry wait starts once it is
   * aborted, but a request already sent is allowed to finish, so its result (e.g. a created object)
   * is not lost.
   */
  stop?: AbortSignal;
}

export interface TransportOptions {
  /** Base URL, e.g. `https://api.aiven.io` or `http://127.0.0.1:8080` (with or without a trailing `/`). */
  baseUrl: string;
  /** API token, sent as `Authorization: aivenv1 <token>`. Never included in errors. */
  token?: string;
  userAgent?: string;
  retry?: RetryOptions;
  /** How requests are sent; defaults to node:http/https with keep-alive agents ({@link createNodeHttpExchange}). */
  exchange?: HttpExchange;
}

export class Transport {
  private readonly base: string;
  private readonly retry: Required<RetryOptions>;
  private readonly exchange: HttpExchange;

  constructor(private readonly opts: TransportOptions) {
    let base: URL;
    try {
      base = new URL(opts.baseUrl);
    } catch {
      throw new TypeError(`api url: ${JSON.stringify(opts.baseUrl)} is not an absolute URL`);
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new TypeError(`api url: ${JSON.stringify(opts.baseUrl)} must use http or https`);
    }
    this.base = base.href.replace(/\/+$/, '');
    this.retry = { ...defaultRetryOptions, ...opts.retry };
    this.exchange = opts.exchange ?? createNodeHttpExchange();
  }

  /** Sends `method path` with an optional JSON body; resolves to the parsed JSON answer (undefined for 204). */
  async request<T>(method: string, path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    return (await this.exchangeJson<T>(method, path, body, options)).body;
  }

  /** Like {@link request}, with extra request headers, and the answer's headers too. */
  async exchangeJson<T>(
    method: string,
    path: string,
    body: unknown,
    options: RequestOptions = {},
    extraHeaders: Record<string, string> = {},
  ): Promise<{ body: T; header(name: string): string | undefined }> {
    const { signal, deadline, stop } = options;
    const operation = `${method} ${path}`;
    const headers: Record<string, string> = { ...extraHeaders, accept: 'application/json' };
    if (this.opts.token) headers.authorization = `aivenv1 ${this.opts.token}`;
    if (this.opts.userAgent) headers['user-agent'] = this.opts.userAgent;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const payload = body === undefined ? undefined : JSON.stringify(body);

    let lastFailure: Error | undefined;
    for (let attempt = 1; ; attempt++) {
      signal?.throwIfAborted();
      if (stop?.aborted) throw lastFailure ?? stop.reason;
      let res: HttpExchangeResponse | undefined;
      let failure: Error | undefined;
      try {
        res = await this.exchange({ method, url: this.base + path, headers, body: payload, signal });
      } catch (err) {
        if (signal?.aborted) throw signal.reason ?? err;
        failure = connectionError(operation, this.base, err);
        if (!isRetryableNetworkError(method, err)) throw failure;
      }
      if (res) {
        if (res.status >= 200 && res.status <= 299) {
          const answer = res;
          return { body: readJson(answer, operation) as T, header: (name) => answer.header(name) ?? undefined };
        }
        failure = toApiError(res, operation);
        if (!isRetryableStatus(method, res.status)) throw failure;
      }
      if (attempt >= this.retry.maxAttempts) throw failure;
      const wait = backoffDelayMs(attempt, this.retry, res?.header('retry-after'));
      if (deadline !== undefined && Date.now() + wait >= deadline) throw failure;
      lastFailure = failure;
      await sleep(wait, anySignal(signal, stop));
    }
  }
}

function readJson(res: HttpExchangeResponse, operation: string): unknown {
  if (res.status === 204) return undefined;
  const text = res.body;
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new AivenApiError(res.status, `answer is not JSON: ${JSON.stringify(text.slice(0, 200))}`, undefined, operation);
  }
}

function toApiError(res: HttpExchangeResponse, operation: string): AivenApiError {
  const text = res.body;
  let message = '';
  let errorCode: string | undefined;
  try {
    const body = JSON.parse(text) as ApiErrorBody;
    message = body.message ?? body.errors?.[0]?.message ?? '';
    errorCode = body.errors?.[0]?.error_code;
  } catch {
    message = text.slice(0, 500);
  }
  return new AivenApiError(res.status, message || `HTTP ${res.status} ${res.statusText}`.trim(), errorCode, operation);
}

function connectionError(operation: string, base: string, err: unknown): Error {
  const cause = (err as { cause?: { message?: string } })?.cause;
  const why = networkErrorCode(err) ?? cause?.message ?? (err as Error)?.message ?? String(err);
  return new Error(`${operation}: could not reach ${base} (${why})`, { cause: err });
}

function anySignal(a?: AbortSignal, b?: AbortSignal): AbortSignal | undefined {
  return a && b ? AbortSignal.any([a, b]) : (a ?? b);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
