// An in-process Tessera server on the real HTTP stack (app.listen on 127.0.0.1, port 0), for
// integration tests. The database comes from TESSERA_TEST_DATABASE (a SQLite path, sqlite:PATH or
// postgres://…) when set, so the same tests run on PostgreSQL; otherwise a fresh temporary SQLite file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { systemClock, type Clock } from '../../../src/domain/clock.js';
import type { Store } from '../../../src/store/store.js';
import { generateToken } from '../../../src/domain/token-format.js';
import { openStore } from '../../../src/store/open-store.js';
import type { CacheInvalidation } from '../../../src/store/cache-invalidation.js';
import { buildApp, type AppOptions, type TesseraApp } from '../../../src/server/app.js';
import { ensureInstanceAdmin } from '../../../src/server/bootstrap.js';
import { createLogger } from '../../../src/server/logger.js';
import { createPostgresDatabaseSync } from '../../support/postgres.js';

export interface TestServer {
  url: string;
  adminToken: string;
  tessera: TesseraApp;
  clock: Clock;
  /** Everything the server logged (pino JSON lines). */
  logs(): string;
  close(): Promise<void>;
  api: ApiCaller;
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

export type ApiCaller = (
  method: string,
  path: string,
  options?: { token?: string | null; body?: unknown; headers?: Record<string, string>; rawBody?: string },
) => Promise<ApiResponse>;

/**
 * The database tests should use: TESSERA_TEST_DATABASE, or a new temporary SQLite file. A postgres://
 * TESSERA_TEST_DATABASE names a server: each call gets a fresh database on it (the suite's second run,
 * test/integration-pg/integration-suite.test.ts).
 */
export function testDatabase(): { location: string; cleanup(): void } {
  const configured = process.env.TESSERA_TEST_DATABASE;
  if (configured && /^postgres(ql)?:\/\//i.test(configured)) {
    const fresh = createPostgresDatabaseSync(configured);
    return { location: fresh.url, cleanup: fresh.cleanup };
  }
  if (configured) return { location: configured, cleanup() {} };
  const dir = mkdtempSync(join(tmpdir(), 'tessera-it-'));
  return { location: join(dir, 'tessera.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function startTestServer(
  options: Partial<Omit<AppOptions, 'store' | 'logger'>> & {
    clock?: Clock;
    /** Listen address; default 127.0.0.1 (use ::1 for IPv6 cases). */
    host?: string;
    /** Wraps the real store (e.g. to count calls). */
    wrapStore?: (store: Store) => Store;
  } = {},
): Promise<TestServer> {
  const database = testDatabase();
  const realStore = await openStore(database.location);
  const store = options.wrapStore ? options.wrapStore(realStore) : realStore;
  await store.migrate();
  const clock = options.clock ?? systemClock;
  const adminToken = generateToken();
  await ensureInstanceAdmin(store, clock, adminToken);
  let logText = '';
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      logText += chunk.toString();
      callback();
    },
  });
  const logger = createLogger('debug', sink);
  const invalidation = (realStore as { invalidation?: CacheInvalidation }).invalidation;
  const { wrapStore: _wrap, host = '127.0.0.1', ...appOptions } = options;
  const tessera = await buildApp({ authFailureLimit: 1000, ...appOptions, invalidation: options.invalidation ?? invalidation, store, clock, logger });
  await tessera.app.listen({ host, port: 0 });
  const address = tessera.app.server.address();
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${typeof address === 'object' && address ? address.port : 0}`;
  const api = apiCaller(url, adminToken);
  return {
    url,
    adminToken,
    tessera,
    clock,
    logs: () => logText,
    api,
    async close() {
      await tessera.close();
      database.cleanup();
    },
  };
}

/** fetch with the Authorization header and JSON handling; `token: null` sends no Authorization. */
export function apiCaller(url: string, defaultToken: string): ApiCaller {
  return async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? defaultToken : options.token;
    if (token !== null) headers.authorization ??= `aivenv1 ${token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(url + path, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (metrics, docs)
    }
    return { status: response.status, body: parsed, headers: response.headers, text };
  };
}

/** Creates an organization and returns its id (as the instance admin). */
export async function createOrganization(api: ApiCaller, name = 'Acme'): Promise<string> {
  const response = await api('POST', '/v1/organizations', { body: { organization_name: name } });
  if (response.status !== 200) throw new Error(`create organization: ${response.status} ${response.text}`);
  return response.body.organization_id as string;
}

export async function createUser(api: ApiCaller, organizationId: string, name = 'app', isSuperAdmin = false): Promise<string> {
  const response = await api('POST', `/v1/organization/${organizationId}/application-users`, { body: { name, is_super_admin: isSuperAdmin } });
  if (response.status !== 200) throw new Error(`create user: ${response.status} ${response.text}`);
  return response.body.user_id as string;
}

export async function createToken(
  api: ApiCaller,
  organizationId: string,
  userId: string,
  body: Record<string, unknown> = { description: 'test token' },
  token?: string,
): Promise<{ full_token: string; token_prefix: string } & Record<string, any>> {
  const response = await api('POST', `/v1/organization/${organizationId}/application-users/${userId}/access-tokens`, { body, token });
  if (response.status !== 200) throw new Error(`create token: ${response.status} ${response.text}`);
  return response.body;
}

export function tokensPath(organizationId: string, userId: string): string {
  return `/v1/organization/${organizationId}/application-users/${userId}/access-tokens`;
}

/** Asserts the Aiven error body shape and returns it. */
export function aivenError(response: ApiResponse): { message: string; status: number; error_code: string } {
  const body = response.body as { message?: unknown; errors?: Array<{ message: string; status: number; error_code: string }> };
  if (typeof body !== 'object' || body === null || typeof body.message !== 'string' || !Array.isArray(body.errors) || body.errors.length !== 1) {
    throw new Error(`not an Aiven error body (status ${response.status}): ${response.text}`);
  }
  const [error] = body.errors;
  if (error.status !== response.status) throw new Error(`error status ${error.status} differs from HTTP status ${response.status}`);
  if (error.message !== body.message) throw new Error('errors[0].message differs from message');
  return error;
}

/** A store that counts calls per method, around the real one (to prove what does not reach the database). */
export function countingStore(store: Store): { store: Store; calls: Map<string, number>; total(): number } {
  const calls = new Map<string, number>();
  const proxy = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.set(String(property), (calls.get(String(property)) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: proxy, calls, total: () => [...calls.values()].reduce((a, b) => a + b, 0) };
}

/** The fixture most suites start from: a started server with one organization and one application user. */
export async function startServerWithUser(): Promise<{ server: TestServer; org: string; user: string }> {
  const server = await startTestServer();
  const org = await createOrganization(server.api);
  const user = await createUser(server.api, org);
  return { server, org, user };
}
