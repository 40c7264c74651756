// Builds the HTTP server: Fastify with the Aiven error body everywhere, strict validation, the
// authenticated /v1 routes, operations endpoints and the OpenAPI document. No listening here
// (serve.ts does that), so tests can build an app on any store and clock.
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, errorCodes, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { systemClock, type Clock } from '../domain/clock.js';
import { DEFAULT_MAX_AGE_SECONDS } from '../domain/expiry.js';
import type { Store } from '../store/store.js';
import { InProcessCacheInvalidation, type CacheInvalidation } from '../store/cache-invalidation.js';
import type { ServiceContext } from './context.js';
import { badRequest, errorBody, errorHandler, notFoundHandler } from './errors.js';
import { answerExpectationFailed, answerOnSocket, closeIfBodyUnread, requestGuard } from './request-guards.js';
import { trustedProxies } from './trusted-proxies.js';
import { checkJsonDepth, checkWellFormed, decodeUtf8, findString, unsupportedMediaType } from './request-text.js';
import { installMethodNotAllowed } from './method-not-allowed.js';
import { Metrics } from './metrics.js';
import type { LogOutputStats } from './log-output.js';
import { VerificationCache } from './auth/verification-cache.js';
import { LastUseBuffer } from './auth/last-use-buffer.js';
import { FailedAuthLimiter } from './auth/failed-auth-limiter.js';
import { TokenVerifier } from './auth/token-verifier.js';
import { authenticateHook } from './auth/authenticate-hook.js';
import { errorSchema, MAX_PATH_ID_LENGTH } from './routes/shared-schemas.js';
import { organizationRoutes } from './routes/organizations/organization-routes.js';
import { organizationSchema } from './routes/organizations/organization-schemas.js';
import { accountRoutes } from './routes/accounts/account-routes.js';
import { accountSchema } from './routes/accounts/account-schemas.js';
import { applicationUserRoutes } from './routes/application-users/application-user-routes.js';
import { userSchema } from './routes/application-users/application-user-schemas.js';
import { accessTokenRoutes } from './routes/access-tokens/access-token-routes.js';
import { tokenSchema } from './routes/access-tokens/access-token-schemas.js';
import { meRoutes } from './routes/me/me-routes.js';
import { introspectionRoutes } from './routes/introspection/introspection-routes.js';
import { operationsRoutes } from './routes/operations/operations-routes.js';
import { documentationRoutes } from './routes/documentation/documentation-routes.js';
import { eventRoutes } from './routes/events/event-routes.js';
import { eventSchema } from './routes/events/event-schemas.js';
import { tokenRevocationRoutes } from './routes/token-revocation/token-revocation-routes.js';
import { logAuditEvents } from './audit/audit-log.js';
import { DEFAULT_AUDIT_RETENTION_DAYS, EventPruner } from './audit/event-pruner.js';
import { consoleRoutes } from './routes/console/console-routes.js';
import { documentErrorAnswers, FORM_BODY_ROUTES } from './error-answers.js';
import { lazySerializers } from './lazy-serializers.js';

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
  /**
   * Believe X-Forwarded-For from these proxies (comma-separated addresses or CIDRs): the client address
   * is then the right-most one that is not a trusted proxy. Off by default; `true` is refused.
   */
  trustProxy?: boolean | string;
  bodyLimit?: number;
  /** POST /v1/token/revoke requests per address per minute before 429 (0 = no limit); default authFailureLimit. */
  revocationLimit?: number;
  /** Audit events older than this many days are pruned (0 = kept forever); default 365. */
  auditRetentionDays?: number;
  /** How often old audit events are looked for (ms); default hourly. */
  auditPruneIntervalMs?: number;
  /** Time to receive a request's headers (ms). */
  headersTimeoutMs?: number;
  /** Time to receive a whole request, headers and body (ms); a slower request gets 408 and is closed. */
  requestTimeoutMs?: number;
  /** How long an idle kept-alive connection stays open between requests (ms). */
  idleTimeoutMs?: number;
  /** Addresses (and address + token pairs) the failed-authentication limiter keeps at most. */
  authFailureTableSize?: number;
  /** Upper bound of the verification cache and of pending last-use records (TESSERA_CACHE_MAX_ENTRIES). */
  cacheMaxEntries?: number;
  /** Serve HTTPS with this certificate and key (PEM); serve.ts swaps it on SIGHUP. */
  https?: { cert: Buffer | string; key: Buffer | string };
  /** The log's stdout buffer (serve.ts), for /metrics. */
  logOutput?: LogOutputStats;
}

export const DEFAULT_TIMEOUTS = { headersTimeoutMs: 10_000, requestTimeoutMs: 15_000, idleTimeoutMs: 30_000 } as const;

export interface TesseraApp {
  app: FastifyInstance;
  context: ServiceContext;
  /** Deletes audit events past the retention period (also runs on its own, hourly). */
  pruneEvents(): Promise<number>;
  /** Stops accepting requests, flushes pending last-use writes, closes the store. */
  close(): Promise<void>;
}

export async function buildApp(options: AppOptions): Promise<TesseraApp> {
  const clock = options.clock ?? systemClock;
  const metrics = new Metrics();
  metrics.observeCollections();
  const logger = options.logger || undefined;
  const trustProxy = trustedProxies(options.trustProxy);
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_TIMEOUTS.requestTimeoutMs;
  const headersTimeout = Math.min(options.headersTimeoutMs ?? DEFAULT_TIMEOUTS.headersTimeoutMs, requestTimeout);
  const app = Fastify({
    ...(options.https ? { https: options.https } : {}),
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    // one line per request, written by our onResponse hook (route pattern, no query string)
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? 64 * 1024,
    trustProxy,
    // request ids in logs and in 500 answers: unique across restarts and nodes
    genReqId: () => randomUUID(),
    requestTimeout,
    keepAliveTimeout: options.idleTimeoutMs ?? DEFAULT_TIMEOUTS.idleTimeoutMs,
    http: {
      // Node would answer a missing Host with a bare 400; requestGuard answers with the Aiven body
      requireHostHeader: false,
      // how often Node checks the header and request timeouts (its default, 30 s, is too coarse)
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeout / 4))),
    },
    // a longer path segment is a 414; every id the document admits (MAX_PATH_ID_LENGTH characters, each
    // at most 4 UTF-8 bytes, each byte %XX) fits, so an id is refused by its schema (400), not here
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PATH_ID_LENGTH * 12 },
    // Errors Fastify raises before routing (a path that is not valid percent-encoding) get the
    // Aiven body too.
    frameworkErrors: (error, _request, reply) => {
      const status = error.statusCode ?? 400;
      const code = error.code === 'FST_ERR_BAD_URL' ? 'invalid_url' : error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'uri_too_long' : 'invalid_request';
      (reply as unknown as FastifyReply).code(status).send(errorBody(status, code, error.message));
    },
    // Requests that are not even HTTP (parse errors, oversized headers) or too slow to arrive are
    // answered on the socket.
    clientErrorHandler: answerOnSocket,
    return503OnClosing: false,
    schemaController: { compilersFactory: { buildSerializer: lazySerializers() } },
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false } },
  }) as unknown as FastifyInstance;
  app.server.headersTimeout = headersTimeout;
  app.server.on('checkExpectation', answerExpectationFailed);

  const invalidation = options.invalidation ?? new InProcessCacheInvalidation();
  const cache = new VerificationCache(options.cacheMaxEntries);
  const lastUse = new LastUseBuffer(options.store, {
    maxPending: options.cacheMaxEntries,
    flushIntervalMs: options.lastUseFlushIntervalMs,
    onFlushError: (error) => app.log.error({ err: error }, 'writing last-use records failed; will retry'),
  });
  const limiter = new FailedAuthLimiter(options.authFailureLimit ?? 30, 60_000, options.authFailureTableSize);
  // The same fixed-window counter, its own instance: holder revocations count every request per address.
  const revocationLimiter = new FailedAuthLimiter(options.revocationLimit ?? options.authFailureLimit ?? 30, 60_000, options.authFailureTableSize);
  const pruner = new EventPruner(options.store, clock, {
    retentionDays: options.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS,
    intervalMs: options.auditPruneIntervalMs,
    onError: (error) => app.log.warn({ err: error }, 'pruning old audit events failed; will retry'),
    onPruned: (count) => app.log.info({ count }, 'pruned old audit events'),
  });
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
    logOutput: options.logOutput,
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
  // The objects answers refer to by $ref ('Token#' …), each declared in its family's folder; in this
  // order in the OpenAPI document's components.
  for (const schema of [errorSchema, organizationSchema, accountSchema, userSchema, tokenSchema, eventSchema]) app.addSchema(schema);
  app.decorateRequest('principal', null as never);

  app.addHook('onRequest', requestGuard);
  app.addHook('onSend', closeIfBodyUnread);

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

  if (logger) logAuditEvents(options.store, logger);

  app.addHook('onRoute', documentErrorAnswers);
  await documentationRoutes(app);
  await app.register(operationsRoutes, { ctx: context });
  await app.register(consoleRoutes);
  // no Authorization: the token in the body is the credential (RFC 7009 shape)
  await app.register(tokenRevocationRoutes, { ctx: context, limiter: revocationLimiter });
  await app.register(async (v1) => {
    // Each /v1 route gets its own authentication hook, which knows the route's scope.
    v1.addHook('onRoute', (route) => {
      const own = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
      route.onRequest = [authenticateHook(verifier, route.config?.scope), ...own];
    });
    // One encapsulated plugin per family, registered (and so documented) in this order.
    for (const family of [organizationRoutes, accountRoutes, applicationUserRoutes, accessTokenRoutes, meRoutes, introspectionRoutes, eventRoutes]) {
      await v1.register(family, { ctx: context });
    }
  });
  await app.ready();
  lastUse.start();
  pruner.start();

  let closing: Promise<void> | undefined;
  return {
    app,
    context,
    pruneEvents: () => pruner.prune(),
    close() {
      closing ??= (async () => {
        context.accepting = false;
        metrics.close();
        await app.close();
        await pruner.close();
        await lastUse.close();
        await invalidation.close();
        await options.store.close();
      })();
      return closing;
    },
  };
}

/**
 * JSON (UTF-8 only, nested at most MAX_JSON_DEPTH deep, without lone surrogates), and
 * application/x-www-form-urlencoded on the routes that document it (FORM_BODY_ROUTES). A request with an
 * empty body is never refused for its Content-Type: real clients send one on every call (avn:
 * application/octet-stream on GET and DELETE; Aiven's Go client: application/json). A non-empty body of
 * any other type is a 415.
 */
function installBodyParsers(app: FastifyInstance): void {
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    try {
      const text = decodeUtf8(body as Buffer, (lenient) => {
        checkJsonDepth(lenient);
        return findString(JSON.parse(lenient), (value) => value.includes('\uFFFD'));
      });
      if (text.trim() === '') {
        done(null, undefined);
        return;
      }
      checkJsonDepth(text);
      json(request, text, (error, parsed) => {
        if (error) {
          // Fastify refuses "__proto__" (and "constructor": {"prototype": …}) keys with the same error as
          // broken JSON; say which it was, so a client is not told its valid JSON is invalid
          done(isValidJson(text) ? badRequest('request body holds a "__proto__" or "constructor" key, which Tessera refuses') : error);
          return;
        }
        try {
          checkWellFormed(parsed);
        } catch (invalid) {
          done(invalid as Error);
          return;
        }
        done(null, parsed);
      });
    } catch (error) {
      done(error as Error);
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (request, body, done) => {
    try {
      done(null, parseForm(request.routeOptions.url, body as Buffer));
    } catch (error) {
      done(error as Error);
    }
  });
  // Any other type: decided from the headers alone, so a body that will be refused is never read
  // (an empty one is no body; a declared one is a 415 at once, and the connection closes).
  app.addContentTypeParser('*', (request, _payload, done) => {
    const declaresBody = request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
    if (!declaresBody) done(null, undefined);
    else done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(request.headers['content-type'] ?? ''), undefined);
  });
}

function isValidJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A form body, strictly: UTF-8 only, and valid percent-encoding (invalid escapes are not replaced). */
function parseForm(route: string | undefined, body: Buffer): Record<string, string> | undefined {
  if (body.length === 0) return undefined;
  if (route === undefined || !FORM_BODY_ROUTES.has(route)) {
    throw unsupportedMediaType(`Unsupported Media Type: application/x-www-form-urlencoded is accepted only by ${[...FORM_BODY_ROUTES].join(' and ')}; send JSON`);
  }
  const text = decodeUtf8(body, () => undefined);
  const form: Record<string, string> = {};
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const rawKey = equals === -1 ? pair : pair.slice(0, equals);
    const rawValue = equals === -1 ? '' : pair.slice(equals + 1);
    const decode = (part: string, what: string) => {
      try {
        return decodeURIComponent(part.replace(/\+/g, ' '));
      } catch {
        throw badRequest(`${what}: invalid percent-encoding or UTF-8 in the form body`);
      }
    };
    const key = decode(rawKey, 'a field name');
    form[key] = decode(rawValue, key);
  }
  return form;
}
