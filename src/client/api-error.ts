/**
 * An error answer from the API: HTTP status, the server's message (quoted verbatim in provider
 * diagnostics) and its machine-readable `error_code` when it sent one.
 */
export class AivenApiError extends Error {
  override readonly name = 'AivenApiError';
  constructor(
    /** HTTP status of the answer. */
    readonly status: number,
    /** The server's own message (never contains a token secret: the client does not add request bodies). */
    message: string,
    /** `errors[0].error_code` of the body, e.g. `organization_not_found`. */
    readonly errorCode: string | undefined,
    /** `METHOD /path` of the request, for diagnostics. */
    readonly operation: string,
  ) {
    super(message);
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }
}

/** True for a 404 answer (an object deleted outside the caller's knowledge, or in another organization). */
export function isNotFoundError(err: unknown): err is AivenApiError {
  return err instanceof AivenApiError && err.status === 404;
}
