// Helpers for the multi-node tests: several real `tessera serve` processes on one PostgreSQL database,
// and a tiny HTTP client that speaks the Aiven API to any of them.
import { startTessera } from '../support/tessera.js';

export type Node = Awaited<ReturnType<typeof startTessera>> & { name: string };

export interface ApiResponse<T = any> {
  status: number;
  body: T;
}

/** Starts `names.length` nodes at once on `database`, all sharing one instance-admin token. */
export async function startNodes(database: string, names: string[], extraEnv: Record<string, string> = {}): Promise<Node[]> {
  // These tests poll with revoked tokens on purpose: keep the failed-authentication limiter out of the way.
  const env = { TESSERA_AUTH_FAILURE_LIMIT: '1000000', ...extraEnv };
  const first = await startTessera({ database, env });
  const rest = await Promise.all(
    names.slice(1).map((name) => startTessera({ database, env: { ...env, TESSERA_BOOTSTRAP_TOKEN: first.adminToken } })),
  );
  return [first, ...rest].map((node, i) => Object.assign(node, { name: names[i] }));
}

export async function call<T = any>(
  node: { url: string },
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResponse<T>> {
  const response = await fetch(`${node.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `aivenv1 ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text for the assertion message
  }
  return { status: response.status, body: parsed as T };
}

export interface Fixture {
  organizationId: string;
  userId: string;
}

/** An organization with one application user, created through `node`. */
export async function createUser(node: Node, adminToken: string, name = 'multinode'): Promise<Fixture> {
  const org = await call(node, 'POST', '/v1/organizations', adminToken, { organization_name: `${name}-org` });
  if (org.status !== 200 && org.status !== 201) throw new Error(`create organization: ${org.status} ${JSON.stringify(org.body)}`);
  const organizationId = org.body.organization_id as string;
  const user = await call(node, 'POST', `/v1/organization/${organizationId}/application-users`, adminToken, { name });
  if (user.status !== 200 && user.status !== 201) throw new Error(`create user: ${user.status} ${JSON.stringify(user.body)}`);
  return { organizationId, userId: user.body.user_id as string };
}

export function tokensPath(fixture: Fixture): string {
  return `/v1/organization/${fixture.organizationId}/application-users/${fixture.userId}/access-tokens`;
}

export interface CreatedToken {
  full_token: string;
  token_prefix: string;
}

export async function createToken(
  node: Node,
  adminToken: string,
  fixture: Fixture,
  body: Record<string, unknown> = {},
): Promise<CreatedToken> {
  const created = await call<CreatedToken>(node, 'POST', tokensPath(fixture), adminToken, { description: 'multinode', ...body });
  if (created.status !== 200 && created.status !== 201) {
    throw new Error(`create token on ${node.name}: ${created.status} ${JSON.stringify(created.body)}`);
  }
  return created.body;
}

export async function revokeToken(node: Node, adminToken: string, fixture: Fixture, prefix: string): Promise<number> {
  const response = await call(node, 'DELETE', `${tokensPath(fixture)}/${encodeURIComponent(prefix)}`, adminToken);
  return response.status;
}

/** Status of GET /v1/me with `token` on `node`. */
export async function meStatus(node: { url: string }, token: string, userAgent?: string): Promise<number> {
  const response = await call(node, 'GET', '/v1/me', token, undefined, userAgent ? { 'user-agent': userAgent } : {});
  return response.status;
}

/** Polls until `check` is true; returns the milliseconds it took, or throws after `limitMs`. */
export async function within(limitMs: number, what: string, check: () => Promise<boolean>, intervalMs = 20): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > limitMs) throw new Error(`${what}: not within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Output of nodes that exited on their own (a crash is a defect even if every assertion passed). */
export function crashedNodesReport(nodes: Node[]): string | undefined {
  const crashed = nodes.filter((node) => node.process.exitCode !== null || node.process.signalCode !== null);
  if (crashed.length === 0) return undefined;
  return crashed
    .map((node) => {
      const lines = node.output().split('\n').filter((line) => !line.includes('"request completed"') && !line.includes('"database unavailable"'));
      return `node ${node.name} exited (code ${node.process.exitCode}, signal ${node.process.signalCode}):\n${lines.slice(-40).join('\n')}`;
    })
    .join('\n\n');
}
