// The onRequest hook on every authenticated route: verify the token, then check the route's scope.
// Callback style and synchronous when the token is cached, to keep the hot path short; one hook per
// route, made when the route is added, so no request reads the route's options (Fastify builds a new
// routeOptions object on every read). Nothing is allocated per request on the cached path but the
// verifier's facts: no closure (the ending is a plain function), and the connection's memory of its
// last token (ConnectionToken) is made once per connection.
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { scopesCover, type RequiredScope } from '../../domain/scopes.js';
import { normalizeAddress } from '../../domain/ip-allowlist.js';
import { ApiError } from '../errors.js';
import type { Authentication, AuthFailureReason, ConnectionToken, TokenVerifier } from './token-verifier.js';

const FAILURE_MESSAGES: Record<Exclude<AuthFailureReason, 'ip_not_allowed' | 'rate_limited'>, string> = {
  missing: "authentication required: send 'Authorization: aivenv1 <token>' (or 'Bearer <token>')",
  bad_scheme: "Authorization header must be 'aivenv1 <token>' or 'Bearer <token>'",
  malformed: 'invalid token: not a Tessera token',
  bad_checksum: 'invalid token: checksum mismatch',
  unknown: 'invalid token: unknown, revoked or expired',
  expired: 'invalid token: unknown, revoked or expired',
};

export function authenticationError(reason: AuthFailureReason, ip: string, retryAfterSeconds: number): ApiError {
  if (reason === 'ip_not_allowed') {
    return new ApiError(403, 'api_client_ip_allowlist_blocks_caller', `this token's ip_allowlist does not allow requests from ${ip}`);
  }
  if (reason === 'rate_limited') {
    return new ApiError(429, 'too_many_failed_authentications', `too many failed authentications from ${ip}; retry in ${retryAfterSeconds} s`, {
      'retry-after': String(retryAfterSeconds),
    });
  }
  return new ApiError(401, 'invalid_token', FAILURE_MESSAGES[reason], { 'www-authenticate': 'aivenv1' });
}

/** Where a connection keeps its ConnectionToken: a symbol, so no serialization or log ever shows it. */
const CONNECTION_TOKEN = Symbol('tessera.connectionToken');
type RememberingSocket = Socket & { [CONNECTION_TOKEN]?: ConnectionToken };

/** The hook of one route: `scope` is the route's config.scope, read once when the route is added. */
export function authenticateHook(verifier: TokenVerifier, scope: RequiredScope | undefined) {
  return function authenticate(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
    const socket = request.raw.socket as RememberingSocket | null;
    let connection: ConnectionToken | undefined;
    if (socket) connection = socket[CONNECTION_TOKEN] ??= { authorization: undefined, digest: '' };
    const ip = request.ip;
    const result = verifier.authenticate(
      {
        authorization: request.headers.authorization,
        // dual-stack sockets report IPv4 clients as ::ffff:a.b.c.d; allowlists and last_ip want a.b.c.d
        ip: ip.startsWith('::ffff:') ? normalizeAddress(ip) : ip,
        userAgent: request.headers['user-agent'],
      },
      connection,
    );
    if (result instanceof Promise) result.then((settled) => finish(request, settled, scope, done), done);
    else finish(request, result, scope, done);
  };
}

function finish(request: FastifyRequest, result: Authentication, scope: RequiredScope | undefined, done: HookHandlerDoneFunction): void {
  if (!result.ok) {
    done(authenticationError(result.reason, request.ip, result.retryAfterSeconds ?? 1));
    return;
  }
  if (scope !== undefined && !scopesCover(result.principal.scopes, scope)) {
    done(new ApiError(403, 'token_scope_insufficient', `this token's scopes do not include ${scope}`));
    return;
  }
  request.principal = result.principal;
  done();
}
