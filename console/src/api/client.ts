// Talks to the Tessera API from the console: the session's token goes in the Authorization header
// (never in a URL, never in a cookie: fetch sends no credentials), errors come back as ApiError with
// the Aiven error body's message and code. A 401 means the token expired or was revoked: the client
// tells the session, which returns to the sign-in page.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface AivenErrorBody {
  message?: string;
  errors?: Array<{ error_code?: string }>;
}

export class ApiClient {
  constructor(
    private readonly token: string,
    private readonly onUnauthorized: (error: ApiError) => void = () => {},
  ) {}

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }
  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }
  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }
  delete(path: string): Promise<void> {
    return this.request<void>('DELETE', path);
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers: {
          authorization: `aivenv1 ${this.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch {
      throw new ApiError(0, 'network_error', 'The Tessera server cannot be reached. Check that it is running.');
    }
    if (response.status === 204) return undefined as T;
    const data = (await response.json().catch(() => undefined)) as unknown;
    if (!response.ok) {
      const errorBody = (data ?? {}) as AivenErrorBody;
      const error = new ApiError(
        response.status,
        errorBody.errors?.[0]?.error_code ?? 'error',
        errorBody.message ?? `The server answered ${response.status} ${response.statusText}.`,
      );
      if (response.status === 401) this.onUnauthorized(error);
      throw error;
    }
    return data as T;
  }
}

/** A path with each part percent-encoded (token prefixes may hold '/', '+' and '='). */
export function apiPath(strings: TemplateStringsArray, ...parts: string[]): string {
  return strings.reduce((path, text, i) => path + text + (i < parts.length ? encodeURIComponent(parts[i]) : ''), '');
}
