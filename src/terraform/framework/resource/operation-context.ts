/**
 * What every operation that may call an API receives: the provider's configured data (e.g. an API
 * client), a place for diagnostics, and the cancellation of the operation.
 *
 * Cancellation comes in two strengths:
 * - `signal` aborts at the deadline (the `timeouts` block, default 20m) or when terraform stops the
 *   provider (Ctrl-C). Use it for anything that may simply be dropped.
 * - `requestOptions` = `{ signal: <deadline only>, stop: <StopProvider>, deadline }` is for API calls
 *   that change things: on Ctrl-C a request already in flight is allowed to finish (so an object the
 *   server created is not lost from state), but no new attempt or retry wait starts. The typed client's
 *   RequestOptions accept it as is: `client.createOrganization(body, req.requestOptions)`.
 */
import type { Diagnostics } from '../diagnostics.js';

export interface RequestCancellation {
  /** Aborted at the deadline only. */
  signal: AbortSignal;
  /** Aborted when terraform stops the provider. */
  stop: AbortSignal;
  /** Epoch milliseconds at which the operation times out. */
  deadline: number;
}

export interface OperationContext<P> {
  /** What the provider's configure returned (for the aiven provider: its API client). */
  providerData: P;
  diagnostics: Diagnostics;
  /** Aborted at the deadline or on StopProvider. */
  signal: AbortSignal;
  requestOptions: RequestCancellation;
  /** The operation's timeout in ms (from the `timeouts` block or the default). */
  timeoutMs: number;
}
