/**
 * What the client's transport needs from HTTP: one request, its whole answer. Two implementations:
 * ./node-http-exchange.ts (node:http, the typed client's default) and ./http1-exchange.ts (the provider's).
 */

export interface HttpExchangeRequest {
  method: string;
  /** Absolute http: or https: URL. */
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Aborts the request in flight (the connection is closed); the exchange rejects with its reason. */
  signal?: AbortSignal;
}

export interface HttpExchangeResponse {
  status: number;
  statusText: string;
  /** A header of the answer by case-insensitive name; repeated headers joined with `, `. */
  header(name: string): string | undefined;
  body: string;
}

/**
 * Sends one request and reads the whole answer. A connection failure rejects with an error carrying
 * the system's `code` (ECONNREFUSED, ECONNRESET…) or {@link CONNECT_TIMEOUT}.
 */
export type HttpExchange = (request: HttpExchangeRequest) => Promise<HttpExchangeResponse>;

/**
 * Error code of a connection that could not be made in time. Nothing was sent, so any request may be
 * retried after it.
 */
export const CONNECT_TIMEOUT = 'ECONNECT_TIMEOUT';
