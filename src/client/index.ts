/** The typed client for the token service API: `AivenClient`, its shapes, and `AivenApiError`. */
export { AivenClient, type AivenClientOptions } from './aiven-client.js';
export { AivenApiError, isNotFoundError } from './api-error.js';
export type { RequestOptions, TransportOptions } from './transport.js';
export type { RetryOptions } from './retry-policy.js';
export { surelyNotSent } from './retry-policy.js';
export {
  CONNECT_TIMEOUT,
  createNodeHttpExchange,
  type HttpExchange,
  type HttpExchangeRequest,
  type HttpExchangeResponse,
  type NodeHttpExchangeOptions,
} from './node-http-exchange.js';
export * from './types.js';
