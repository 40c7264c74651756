// What the token routes check beyond their JSON schemas, each failure a 4xx that names the field and
// the value: scopes and CIDRs by their rules, max_age_seconds by its range, the Idempotency-Key header,
// and that a caller never makes a token broader than its own.
import type { FromSchema } from 'json-schema-to-ts';
import { checkMaxAgeSeconds } from '../../../domain/token-limits.js';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_MAX_LENGTH, isValidIdempotencyKey } from '../../../domain/idempotency-key.js';
import { findInvalidScope, scopeBeyond, VALID_SCOPE_FORMS } from '../../../domain/scopes.js';
import { allowlistBeyond, parseCidr } from '../../../domain/ip-allowlist.js';
import { ApiError, badRequest, forbidden, notFound } from '../../errors.js';
import type { Principal } from '../../auth/principal.js';
import type { createTokenBody } from './access-token-schemas.js';

/** Checks what JSON schema cannot say; throws a 400 naming the field and value. */
export function validateTokenRequest(body: FromSchema<typeof createTokenBody>): void {
  const maxAgeProblem = body.max_age_seconds === undefined ? undefined : checkMaxAgeSeconds(body.max_age_seconds)[0];
  if (maxAgeProblem) throw badRequest(maxAgeProblem.detail.replace(/\.$/, ''));
  if (body.scopes) {
    const invalid = findInvalidScope(body.scopes);
    if (invalid !== undefined) throw badRequest(`scopes: '${invalid}' is not a valid scope; use ${VALID_SCOPE_FORMS}`);
  }
  body.ip_allowlist?.forEach((entry, index) => {
    if (!parseCidr(entry)) {
      throw badRequest(`ip_allowlist[${index}]: '${entry}' is not a valid CIDR (e.g. 203.0.113.0/24, 2001:db8::/32 or a single address)`);
    }
  });
}

/** A scoped or address-restricted token may only make tokens no broader than itself. */
export function requireNoBroaderThanCaller(principal: Principal, scopes: string[] | null, ipAllowlist: string[] | null): void {
  const beyond = scopeBeyond(scopes, principal.scopes);
  if (beyond !== undefined) {
    throw forbidden(
      `a token with scopes [${principal.scopes!.join(', ')}] cannot create a token ${beyond === 'all' && !scopes ? 'without scopes' : `with scope '${beyond}'`}`,
      'token_scope_insufficient',
    );
  }
  const creator = principal.ipAllowlist;
  const outside = allowlistBeyond(ipAllowlist, creator);
  if (outside !== undefined) {
    throw forbidden(
      `a token restricted to ip_allowlist [${creator!.join(', ')}] cannot create a token allowed from ${outside === 'any address' ? 'any address' : `'${outside}'`}`,
    );
  }
}

/** The request's Idempotency-Key, if any; throws a 400 for a malformed one. */
export function idempotencyKeyOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  const value = headers[IDEMPOTENCY_KEY_HEADER];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !isValidIdempotencyKey(value)) {
    throw badRequest(`Idempotency-Key must be one header of 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters`);
  }
  return value;
}

export function tokenNotFound(userId: string, tokenPrefix: string): ApiError {
  return notFound('token_not_found', `token '${tokenPrefix}' not found for application user '${userId}'`);
}

export function alreadyRotated(tokenPrefix: string, rotatedTo: string): ApiError {
  return new ApiError(409, 'token_already_rotated', `token '${tokenPrefix}' was already rotated (to '${rotatedTo}'); rotate its successor instead`);
}
