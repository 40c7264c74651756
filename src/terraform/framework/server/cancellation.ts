/**
 * Deadlines and StopProvider. Each operation gets a deadline signal (its timeout) and the provider-wide
 * stop signal; StopProvider aborts the stop signal of everything in flight and arms a fresh one for
 * calls that arrive afterwards (terraform may still ask for more, e.g. to save state).
 */
import type { RequestCancellation } from '../resource/operation-context.js';
import { formatDuration } from '../timeouts/go-duration.js';

/** The reason an operation's signal was aborted. */
export class OperationCancelledError extends Error {
  override readonly name = 'OperationCancelledError';
  constructor(
    readonly kind: 'timeout' | 'stopped',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Whether `err` is a cancellation rather than a failure: an abort, a fetch or AbortSignal.timeout
 * deadline, or this framework's own (StopProvider, the operation's timeout). Read by name, so it holds
 * for errors that crossed module copies or were rebuilt by a client library.
 */
export function isCancellation(err: unknown): boolean {
  const name = (err as { name?: string } | null)?.name;
  return name === 'AbortError' || name === 'TimeoutError' || name === 'OperationCancelledError';
}

export class StopSignal {
  private controller = new AbortController();

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  stop(): void {
    const stopping = this.controller;
    this.controller = new AbortController();
    stopping.abort(new OperationCancelledError('stopped', 'terraform asked the provider to stop (interrupt)'));
  }
}

export interface OperationScope {
  signal: AbortSignal;
  requestOptions: RequestCancellation;
  timeoutMs: number;
  timedOut(): boolean;
  stopped(): boolean;
  dispose(): void;
}

export function startOperation(stop: StopSignal, timeoutMs: number): OperationScope {
  const deadline = Date.now() + timeoutMs;
  const deadlineController = new AbortController();
  const timer = setTimeout(
    () => deadlineController.abort(new OperationCancelledError('timeout', `timed out after ${formatDuration(timeoutMs)}`)),
    // setTimeout's limit is 2^31-1 ms (~24.8 days); longer timeouts simply never fire.
    Math.min(timeoutMs, 2 ** 31 - 1),
  );
  const stopSignal = stop.signal;
  // The combined signal is made when an operation first reads it: most never do (the API client takes
  // requestOptions), and AbortSignal.any costs a signal, weak references and a finalization
  // registration on each of the hundreds of RPCs of an apply.
  let combined: AbortSignal | undefined;
  return {
    get signal() {
      return (combined ??= AbortSignal.any([deadlineController.signal, stopSignal]));
    },
    requestOptions: { signal: deadlineController.signal, stop: stopSignal, deadline },
    timeoutMs,
    timedOut: () => deadlineController.signal.aborted,
    stopped: () => stopSignal.aborted,
    dispose: () => clearTimeout(timer),
  };
}
