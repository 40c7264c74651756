// Builds the HTTP server: Fastify with the Aiven error body everywhere, strict validation, the
// authenticated /v1 routes, operations endpoints and the OpenAPI document. No listening here
// (serve.ts does that), so tests can build an app on any store and clock.
import Fastify, { LogController, errorCodes, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { systemClock, type Clock } from '../domain/clock.js';
import { DEFAULT_MAX_AGE_SECONDS } from '../domain/expiry.js';
import type { Store } from '../store/store.js';
import { InProcessCacheInvalidation, type CacheInvalidation } from '../store/cache-invalidation.js';
import type { ServiceContext } from './context.js';
import { errorBody, errorHandler, notFoundHandler } from './errors.js';
import { installMethodNotAllowed } from './method-not-allowed.js';
import { Metrics } from './metrics.js';
import { sharedSchemas } from './schemas.js';
import { VerificationCache } from './auth/verification-cache.js';
import { LastUseBuffer } from './auth/last-use-buffer.js';
import { FailedAuthLimiter } from './auth/failed-auth-limiter.js';
import { TokenVerifier } from './auth/token-verifier.js';
import { authenticateHook } from './auth/authenticate-hook.js';
import { organizationRoutes } from './routes/organizations.js';
import { accountRoutes } from './routes/accounts.js';
import { applicationUserRoutes } from './routes/application-users.js';
import { accessTokenRoutes } from './routes/access-tokens.js';
import { meRoutes } from './routes/me.js';
import { introspectionRoutes } from './routes/introspection.js';
import { operationsRoutes } from './routes/operations.js';
import { documentationRoutes } from './routes/documentation.js';

export interface AppOptions {
  store: Store;
  clock?: Clock;
  invalidation?: CacheInvalidation;
  /** A pino logger, or false for none. */
  logger?: Logger | false;
  defaultMaxAgeSeconds?: number;
  /** Failed authentications per address per minute before 429 (0 = no limit). */
  authFailureLimit?: number;
  lastUseFlushIntervalMs?: number;
  /** Trust X-Forwarded-For from these proxies (Fastify trustProxy); off by default. */
  trustProxy?: boolean | string;
  bodyLimit?: number;
  /** Upper bound of the verification cache and of pending last-use records (TESSERA_CACHE_MAX_ENTRIES). */
  cacheMaxEntries?: number;
  /** Serve HTTPS with this certificate and key (PEM); serve.ts swaps it on SIGHUP. */
  https?: { cert: Buffer | string; key: Buffer | string };
}

export interface TesseraApp {
  app: FastifyInstance;
  context: ServiceContext;
  /** Stops accepting requests, flushes pending last-use writes, closes the store. */
  close(): Promise<void>;
}

export async function buildApp(options: AppOptions): Promise<TesseraApp> {
  const clock = options.clock ?? systemClock;
  const metrics = new Metrics();
  const logger = options.logger || undefined;
  const app = Fastify({
    ...(options.https ? { https: options.https } : {}),
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    // one line per request, written by our onResponse hook (route pattern, no query string)
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? 64 * 1024,
    trustProxy: options.trustProxy ?? false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Errors Fastify raises before routing (a path that is not valid percent-encoding) get the
    // Aiven body too.
    frameworkErrors: (error, _request, reply) => {
      const status = error.statusCode ?? 400;
      (reply as unknown as FastifyReply).code(status).send(errorBody(status, error.code === 'FST_ERR_BAD_URL' ? 'invalid_url' : 'invalid_request', error.message));
    },
    // Requests that are not even HTTP (parse errors, oversized headers) are answered by the socket.
    clientErrorHandler: (error: Error & { code?: string }, socket) => {
      if (!socket.writable) return;
      const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
      const body = JSON.stringify(errorBody(status, 'bad_http_request', status === 431 ? 'request headers too large' : 'malformed HTTP request'));
      socket.end(
        `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
          `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
    },
    return503OnClosing: false,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false } },
  }) as unknown as FastifyInstance;

  const invalidation = options.invalidation ?? new InProcessCacheInvalidation();
  const cache = new VerificationCache(options.cacheMaxEntries);
  const lastUse = new LastUseBuffer(options.store, {
    maxPending: options.cacheMaxEntries,
    flushIntervalMs: options.lastUseFlushIntervalMs,
    onFlushError: (error) => app.log.error({ err: error }, 'writing last-use records failed; will retry'),
  });
  const limiter = new FailedAuthLimiter(options.authFailureLimit ?? 30);
  const verifier = new TokenVerifier(options.store, cache, lastUse, limiter, clock, metrics);
  const context: ServiceContext = {
    store: options.store,
    clock,
    verifier,
    cache,
    lastUse,
    invalidation,
    metrics,
    defaultMaxAgeSeconds: options.defaultMaxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS,
    accepting: true,
  };
  // Only the cache: pending last-use records of a deleted token are harmless (their UPDATE matches no
  // row), and those of a live token whose owner changed must still be written.
  invalidation.subscribe((prefixes) => cache.invalidate(prefixes));
  // Several nodes (PostgreSQL): while invalidations may be missed, verify from the database; after a gap, start afresh.
  const shared: CacheInvalidation = invalidation;
  shared.subscribeReset?.(() => cache.clear());
  cache.trusted = () => shared.reliable ?? true;

  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  installMethodNotAllowed(app); // 405 for a served path asked with another method
  installBodyParsers(app);
  for (const schema of sharedSchemas) app.addSchema(schema);
  app.decorateRequest('principal', null as never);

  // While shutting down, requests still arriving on kept-alive connections get a 503 in the Aiven shape
  // (instead of Fastify's own closing answer, turned off above).
  app.addHook('onRequest', (_request, reply, done) => {
    if (context.accepting) done();
    else reply.code(503).header('connection', 'close').send(errorBody(503, 'shutting_down', 'server is shutting down'));
  });

  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    if (logger?.isLevelEnabled('info')) {
      request.log.info(
        { method: request.method, route, path: request.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 },
        'request completed',
      );
    }
    done();
  });

  await documentationRoutes(app);
  operationsRoutes(app, context);
  await app.register(async (v1) => {
    v1.addHook('onRequest', authenticateHook(verifier, limiter, clock));
    organizationRoutes(v1, context);
    accountRoutes(v1, context);
    applicationUserRoutes(v1, context);
    accessTokenRoutes(v1, context);
    meRoutes(v1, context);
    introspectionRoutes(v1, context);
  });
  await app.ready();
  lastUse.start();

  let closing: Promise<void> | undefined;
  return {
    app,
    context,
    close() {
      closing ??= (async () => {
        context.accepting = false;
        await app.close();
        await lastUse.close();
        await invalidation.close();
        await options.store.close();
      })();
      return closing;
    },
  };
}

/**
 * JSON and application/x-www-form-urlencoded (for RFC 7662 introspection). A request with an empty body
 * is never refused for its Content-Type: real clients send one on every call (avn:
 * application/octet-stream on GET and DELETE; Aiven's Go client: application/json). A non-empty body of
 * any other type is a 415.
 */
function installBodyParsers(app: FastifyInstance): void {
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '' || (typeof body === 'string' && body.trim() === '')) {
      done(null, undefined);
      return;
    }
    json(request, body as string, done);
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    const form: Record<string, string> = {};
    for (const [key, value] of new URLSearchParams(body as string)) form[key] = value;
    done(null, form);
  });
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    if ((body as Buffer).length === 0) done(null, undefined);
    else done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(request.headers['content-type'] ?? ''), undefined);
  });
}
