// The web console: the files `npm run build` writes to dist/console (built from console/ by Vite),
// served at /console by this same process, and `/` redirecting there. Every console response carries a
// strict Content-Security-Policy (scripts, styles and API calls from this origin only; no inline code)
// and the usual security headers. The console keeps its token in sessionStorage and sends it as the
// Authorization header, so no cookie is ever set or read here.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from '../../errors.js';

export const CONSOLE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONSOLE_CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

/**
 * dist/console, found from this module's place: dist/chunks/*.mjs when bundled, src/server/routes/console/
 * when run from source (tests through tsx). Undefined when the console has not been built.
 */
export function consoleAssetsDirectory(): string | undefined {
  for (const relative of ['../console/', '../../../../dist/console/']) {
    const dir = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(`${dir}index.html`)) return dir;
  }
  return undefined;
}

function withSecurityHeaders(request: FastifyRequest, reply: FastifyReply): void {
  reply.headers(SECURITY_HEADERS);
  if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000');
}

export interface ConsoleOptions {
  /** Where the built console is (default: found by consoleAssetsDirectory); null: not built, every console path answers 503 saying so. */
  assetsDirectory?: string | null;
}

/** An encapsulated Fastify plugin: `/` and everything under /console, none of it in the OpenAPI document. */
export const consoleRoutes: FastifyPluginAsync<ConsoleOptions> = async (app, options) => {
  const assetsDirectory = options.assetsDirectory === undefined ? (consoleAssetsDirectory() ?? null) : options.assetsDirectory;
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/console/', 302));

  await app.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => withSecurityHeaders(request, reply));
    // Unknown files under /console/ get the Aiven 404 body, with the console's headers.
    scope.setNotFoundHandler((request, reply) => {
      reply.code(404).send(errorBody(404, 'not_found', `no such console file: ${request.url.split('?')[0]}`));
    });
    if (!assetsDirectory) {
      for (const path of ['/', '/*']) {
        scope.get(path, { schema: { hide: true } }, async (_request, reply) =>
          reply.code(503).send(errorBody(503, 'console_not_built', 'the web console is not built: run `npm run build`')),
        );
      }
      return;
    }
    // The page itself at /console (and /console/): read once, it names the hashed assets of its build.
    const page = readFileSync(`${assetsDirectory}index.html`);
    scope.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page),
    );
    const { default: fastifyStatic } = await import('@fastify/static');
    await scope.register(fastifyStatic, {
      root: assetsDirectory,
      prefix: '/',
      index: false,
      // build.mjs writes .br and .gz beside each text file
      preCompressed: true,
      wildcard: true,
      decorateReply: false,
      schemaHide: true,
      cacheControl: false,
      dotfiles: 'deny',
      setHeaders(reply, path) {
        // Vite names assets by content hash; index.html must be revalidated to pick up a new build.
        reply.header('cache-control', /[/\\]assets[/\\]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }, { prefix: '/console' });
};
