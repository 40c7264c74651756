// The answers any operation may give whatever its own schema says, added to every route (so to the
// OpenAPI document) as it is registered: 413 (body too large), 414 (a path segment too long), 415
// (media type, charset or Content-Encoding), 400, 408, 500 and 503 (shutting down, database
// unavailable); on authenticated routes (those with a scope) also 401, 403, 404 (an object the caller
// may not see is one that does not exist) and 429 (failed-authentication limit), and the `aivenv1`
// security requirement: a route declares only its own answers. Routes that take a form body
// (FORM_BODY_ROUTES) document it beside JSON.
import type { RouteOptions } from 'fastify';

const error = { $ref: 'AivenError#' } as const;

const EVERY_ROUTE = { 400: error, 408: error, 413: error, 414: error, 415: error, 500: error, 503: error } as const;
const AUTHENTICATED = { 401: error, 403: error, 404: error, 429: error } as const;

/** Routes that take application/x-www-form-urlencoded besides JSON (RFC 7662 introspection, RFC 7009 revocation). */
export const FORM_BODY_ROUTES: ReadonlySet<string> = new Set(['/v1/token/introspect', '/v1/token/revoke']);

export function documentErrorAnswers(route: RouteOptions): void {
  const schema = (route.schema ??= {}) as Record<string, unknown> & { hide?: boolean; response?: Record<string, unknown>; security?: unknown };
  if (schema.hide) return;
  const authenticated = route.config !== undefined && (route.config as { scope?: unknown }).scope !== undefined;
  const own = schema.response ?? {};
  // a route that declared no answer of its own (/readyz, /metrics) still documents its success
  const success = Object.keys(own).some((status) => status.startsWith('2')) ? {} : { 200: { description: 'Success' } };
  schema.response = { ...EVERY_ROUTE, ...(authenticated ? AUTHENTICATED : {}), ...success, ...own };
  if (authenticated) schema.security ??= [{ aivenv1: [] }];
  if (FORM_BODY_ROUTES.has(route.url)) schema.consumes = ['application/json', 'application/x-www-form-urlencoded'];
}
