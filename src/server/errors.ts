// The Aiven error body, for every error the server sends (our own, Fastify's, validation's):
//   {"message": "...", "errors": [{"message": "...", "status": 404, "error_code": "..."}]}
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailableError } from '../store/postgres/database-unavailable.js';
import { redactTokens } from '../domain/token-format.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface AivenErrorBody {
  message: string;
  errors: Array<{ message: string; status: number; error_code: string }>;
}

/** Every error message goes through redactTokens: a token sent where it does not belong is not echoed. */
export function errorBody(status: number, errorCode: string, message: string): AivenErrorBody {
  const safe = redactTokens(message);
  return { message: safe, errors: [{ message: safe, status, error_code: errorCode }] };
}

export const notFound = (errorCode: string, message: string) => new ApiError(404, errorCode, message);
export const forbidden = (message: string, errorCode = 'permission_denied') => new ApiError(403, errorCode, message);
export const badRequest = (message: string, errorCode = 'invalid_request') => new ApiError(400, errorCode, message);

interface ValidationIssue {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

const CONTEXT_NAMES: Record<string, string> = { body: 'request body', params: 'path', querystring: 'query string', headers: 'headers' };

function valueAt(root: unknown, pointer: string): unknown {
  let value = root;
  for (const part of pointer.split('/').slice(1)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return value;
}

function show(value: unknown): string {
  // redacted before it is shortened, so a token cut in half is not half shown
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) return String(value);
  const text = redactTokens(json);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** One sentence naming the field (and the value where it helps) from an Ajv validation issue. */
export function describeValidationIssue(issue: ValidationIssue, context: string, request: FastifyRequest): string {
  const root = context === 'params' ? request.params : context === 'querystring' ? request.query : request.body;
  const path = issue.instancePath.split('/').slice(1).join('.');
  const field = path || CONTEXT_NAMES[context] || context;
  const value = valueAt(root, issue.instancePath);
  switch (issue.keyword) {
    case 'additionalProperties':
      return `${path ? `${path}: ` : ''}unknown field '${String(issue.params.additionalProperty)}' in ${CONTEXT_NAMES[context] ?? context}`;
    case 'required':
      return `${path ? `${path}.` : ''}${String(issue.params.missingProperty)} is required`;
    case 'type':
      return `${field} must be ${String(issue.params.type)}, got ${show(value)}`;
    case 'pattern':
      return `${field} ${show(value)} is malformed`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${field} must be ${String(issue.params.comparison)} ${String(issue.params.limit)}, got ${show(value)}`;
    case 'maxLength':
      return `${field} must be at most ${String(issue.params.limit)} characters`;
    case 'minLength':
      return `${field} must be at least ${String(issue.params.limit)} characters`;
    case 'maxItems':
      return `${field} must have at most ${String(issue.params.limit)} items`;
    case 'enum':
      return `${field} must be one of ${(issue.params.allowedValues as unknown[]).map((v) => show(v)).join(', ')}, got ${show(value)}`;
    case 'uniqueItems':
      return `${field} must not contain duplicates`;
    default:
      return `${field} ${issue.message ?? 'is invalid'}`;
  }
}

/** Fastify's own error codes a client can trigger, with our error_code for each. */
const FASTIFY_CLIENT_ERRORS: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'request_body_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_content_length',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_BAD_URL: 'invalid_url',
  FST_ERR_ASYNC_CONSTRAINT: 'invalid_request',
  FST_ERR_MAX_PARAM_LENGTH: 'uri_too_long',
};

/**
 * Every error becomes the Aiven body. Anything unexpected, including a failure while describing an
 * error, is a 500 that carries the request id (also logged, at error level, with the error), never
 * Fastify's default body or an internal message.
 */
export function errorHandler(error: FastifyError | ApiError | Error, request: FastifyRequest, reply: FastifyReply): void {
  try {
    describeError(error, request, reply);
  } catch (failure) {
    internalError(failure, request, reply);
  }
}

function internalError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  request.log.error({ err: error }, 'request failed');
  reply
    .code(500)
    .header('x-request-id', request.id)
    .send(errorBody(500, 'internal_error', `internal server error (request id ${request.id}); the server log has the details`));
}

function describeError(error: FastifyError | ApiError | Error, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof ApiError) {
    reply.code(error.status).headers(error.headers).send(errorBody(error.status, error.errorCode, error.message));
    return;
  }
  const fastifyError = error as FastifyError & { validationContext?: string };
  if (fastifyError.validation && fastifyError.validation.length > 0) {
    const message = describeValidationIssue(
      fastifyError.validation[0] as ValidationIssue,
      fastifyError.validationContext ?? 'body',
      request,
    );
    reply.code(400).send(errorBody(400, 'invalid_request', message));
    return;
  }
  if (error instanceof SyntaxError || fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    reply.code(400).send(errorBody(400, 'invalid_json', `request body is not valid JSON: ${error.message}`));
    return;
  }
  const status = fastifyError.statusCode;
  if (status && status >= 400 && status < 500) {
    const code = (fastifyError.code && FASTIFY_CLIENT_ERRORS[fastifyError.code]) || 'invalid_request';
    reply.code(status).send(errorBody(status, code, error.message));
    return;
  }
  if (isDatabaseUnavailableError(error)) {
    // The database is restarting or unreachable: the node is fine and the client should retry.
    // one line per failed request while the database is down: the message and code, not the stack
    request.log.warn({ error: error.message, code: (error as { code?: unknown }).code }, 'database unavailable');
    reply.code(503).header('retry-after', '1').send(errorBody(503, 'database_unavailable', 'database is temporarily unavailable; retry shortly'));
    return;
  }
  internalError(error, request, reply);
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): void {
  const path = request.url.split('?')[0];
  reply.code(404).send(errorBody(404, 'not_found', `no such endpoint: ${request.method} ${path}`));
}
