// Token scopes. A token without scopes has all its user's rights; a token with scopes is restricted
// to what they cover. Tessera enforces the account/user/authentication scopes; the other Aiven scope
// names and namespaced custom scopes are accepted and carried (introspection reports them to other
// services, which enforce them).

/** What an operation on this server needs. */
export type RequiredScope = 'accounts:read' | 'accounts:write' | 'user:read' | 'authentication';

const AIVEN_SCOPE_FAMILIES = [
  'accounts', 'authentication', 'billing', 'payments', 'privatelink', 'projects', 'services',
  'static_ips', 'user', 'scim', 'tickets',
];
const AIVEN_SCOPES = new Set<string>(['all']);
for (const family of AIVEN_SCOPE_FAMILIES) {
  AIVEN_SCOPES.add(family);
  AIVEN_SCOPES.add(`${family}:read`);
  AIVEN_SCOPES.add(`${family}:write`);
}

/** Custom scopes: "x-name" or "name.example:action"; lowercase, at most 64 characters. */
const CUSTOM_X_SCOPE = /^x-[a-z0-9][a-z0-9._-]*(?::[a-z0-9][a-z0-9._-]*)?$/;
const CUSTOM_DOMAIN_SCOPE = /^[a-z0-9][a-z0-9-]*(?:\.[a-z0-9][a-z0-9-]*)+:[a-z0-9][a-z0-9._-]*$/;
export const MAX_SCOPE_LENGTH = 64;

export const VALID_SCOPE_FORMS =
  `an Aiven scope (all, or one of ${AIVEN_SCOPE_FAMILIES.join(', ')}, each optionally with :read or :write), ` +
  `or a namespaced custom scope ("x-name" or "name.example:action", lowercase, at most ${MAX_SCOPE_LENGTH} characters)`;

/** The same rule as a JSON schema, for the OpenAPI document (clients and request generators read it). */
export function scopeJsonSchema(): Record<string, unknown> {
  return {
    anyOf: [
      { type: 'string', enum: [...AIVEN_SCOPES] },
      { type: 'string', maxLength: MAX_SCOPE_LENGTH, pattern: CUSTOM_X_SCOPE.source },
      { type: 'string', maxLength: MAX_SCOPE_LENGTH, pattern: CUSTOM_DOMAIN_SCOPE.source },
    ],
    description: `${VALID_SCOPE_FORMS}`,
  };
}

export function isValidScope(scope: string): boolean {
  if (AIVEN_SCOPES.has(scope)) return true;
  if (scope.length > MAX_SCOPE_LENGTH) return false;
  return CUSTOM_X_SCOPE.test(scope) || CUSTOM_DOMAIN_SCOPE.test(scope);
}

/** The first invalid scope, or undefined when all are valid. */
export function findInvalidScope(scopes: readonly string[]): string | undefined {
  return scopes.find((scope) => !isValidScope(scope));
}

/** Does a token's scope list (null = unrestricted) allow an operation needing `required`? */
export function scopesCover(scopes: readonly string[] | null, required: RequiredScope): boolean {
  if (scopes === null) return true;
  if (scopes.includes('all') || scopes.includes(required)) return true;
  const [family, action] = required.split(':') as [string, string | undefined];
  if (scopes.includes(family)) return true;
  // write implies read within a family
  if (action === 'read' && scopes.includes(`${family}:write`)) return true;
  return false;
}

/**
 * A scoped token may only create tokens that are no broader than itself. Returns the first requested
 * scope the granted scopes do not cover ('all' when the request is unrestricted), or undefined.
 */
export function scopeBeyond(requested: readonly string[] | null, granted: readonly string[] | null): string | undefined {
  if (granted === null || granted.includes('all')) return undefined;
  if (requested === null) return 'all';
  return requested.find((scope) => {
    if (granted.includes(scope)) return false;
    const [family, action] = scope.split(':') as [string, string | undefined];
    if (action !== undefined && granted.includes(family)) return false;
    if (action === 'read' && granted.includes(`${family}:write`)) return false;
    return true;
  });
}
