// What several route families' schemas share: the Aiven error body, the id path parameters, and the
// shapes of times, names, tokens in bodies and Aiven fields Tessera ignores. The error answers and the
// security requirement of authenticated routes are added to every route by error-answers.ts. Each
// family's own schemas sit in its folder, next to its handlers. The key order of every object here is
// the key order of /openapi.json (test/integration/openapi-unchanged.test.ts).
import { NAME_MAX_LENGTH, NAME_MIN_LENGTH } from '../../domain/token-limits.js';

export const time = { type: 'string', format: 'date-time' } as const;
export const nullableTime = { type: ['string', 'null'], format: 'date-time' } as const;
export const nullableString = { type: ['string', 'null'] } as const;
/**
 * An Aiven API field that request bodies accept so that Aiven clients work, and Tessera ignores; typed
 * as the Aiven API types it ("any value" was not true: a JSON object holding a "__proto__" key is
 * refused in every body, and Aiven itself takes only these types there).
 */
export const ignored = <const T extends readonly ('string' | 'boolean' | 'null')[] = readonly ['string', 'null']>(
  what: string,
  type: T = ['string', 'null'] as unknown as T,
) => ({ type, description: `Aiven API field, accepted and ignored by Tessera (${what}).` }) as const;
/** Organization, account and application user names. */
export const name = { type: 'string', minLength: NAME_MIN_LENGTH, maxLength: NAME_MAX_LENGTH } as const;

/** A token sent in a request body (introspection, revocation by holder): long enough for any token. */
export const tokenInBody = { type: 'string', maxLength: 4096 } as const;

/** The tenant of every account and user (Aiven's field; Tessera has one). */
export const TENANT_ID = 'aiven';

export const errorSchema = {
  $id: 'AivenError',
  type: 'object',
  description: 'The Aiven error body.',
  properties: {
    message: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { message: { type: 'string' }, status: { type: 'integer' }, error_code: { type: 'string' } },
      },
    },
  },
} as const;

// Ids are not checked against Tessera's own formats: an id spelled any other way (another server's ids,
// Aiven token prefixes holding '/', '+' or '=') names no object, and a missing object is a 404 that
// clients' not-found helpers and the official provider's delete rely on.
// They are bounded, though, so that every id the document admits fits a path segment (see app.ts).
/** The longest id a path segment takes, in characters (Tessera's and Aiven's ids are under 30). */
export const MAX_PATH_ID_LENGTH = 64;
export const organizationIdParam = { type: 'string', minLength: 1, maxLength: MAX_PATH_ID_LENGTH, description: 'Organization ID (org…)' } as const;
export const userIdParam = { type: 'string', minLength: 1, maxLength: MAX_PATH_ID_LENGTH, description: 'Application user ID (u…)' } as const;

export const orgParams = {
  type: 'object',
  properties: { organization_id: organizationIdParam },
  required: ['organization_id'],
} as const;
export const userParams = {
  type: 'object',
  properties: { organization_id: organizationIdParam, user_id: userIdParam },
  required: ['organization_id', 'user_id'],
} as const;
