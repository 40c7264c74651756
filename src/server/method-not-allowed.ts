// 405 Method Not Allowed (with Allow) for a path the API serves, asked with a method it does not serve
// there, instead of a 404 that says the endpoint does not exist. Routes are recorded as they are
// registered (onRoute); the not-found handler asks which methods match the request's path.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { errorBody } from './errors.js';

export class RouteMethods {
  private readonly routes: Array<{ pattern: RegExp; methods: string[] }> = [];

  add(route: Pick<RouteOptions, 'method' | 'url'>): void {
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).map((m) => m.toUpperCase());
    // ':param' matches one path segment; '*' the rest
    const source = route.url
      .replace(/\/+$/, '')
      .split('/')
      .map((part) => (part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    this.routes.push({ pattern: new RegExp(`^${source}/?$`), methods });
  }

  /** Methods served on this path (sorted), or [] when no route has it. */
  allowedOn(path: string): string[] {
    const allowed = new Set<string>();
    for (const route of this.routes) if (route.pattern.test(path)) for (const m of route.methods) allowed.add(m);
    return [...allowed].sort();
  }
}

/**
 * Records routes from now on and answers a request that matched no route, but whose path a route
 * serves with other methods, with 405 — in onRequest, before any body is read or parsed.
 */
export function installMethodNotAllowed(app: FastifyInstance): void {
  const routes = new RouteMethods();
  app.addHook('onRoute', (route) => routes.add(route));
  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done) => {
    if (!request.is404) return done();
    const path = request.url.split('?')[0];
    const allowed = routes.allowedOn(path);
    if (allowed.length === 0 || allowed.includes(request.method)) return done();
    reply
      .code(405)
      .header('allow', allowed.join(', '))
      .send(errorBody(405, 'method_not_allowed', `${request.method} is not allowed on ${path}; allowed: ${allowed.join(', ')}`));
  });
}
