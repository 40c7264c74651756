// The scopes offered when creating a token. Tessera enforces the first group; the other Aiven scope
// names are accepted and carried for other services (introspection reports them), as are namespaced
// custom scopes, which are typed in.
export const ENFORCED_SCOPES: Array<{ scope: string; meaning: string }> = [
  { scope: 'accounts:read', meaning: 'read organizations, application users and tokens' },
  { scope: 'accounts:write', meaning: 'create, change and delete them (implies read)' },
  { scope: 'accounts', meaning: 'both of the above' },
  { scope: 'user:read', meaning: 'read who the token is (/v1/me)' },
  { scope: 'authentication', meaning: 'introspect other tokens' },
  { scope: 'all', meaning: 'everything the user may do' },
];

const OTHER_FAMILIES = ['billing', 'payments', 'privatelink', 'projects', 'services', 'static_ips', 'user', 'scim', 'tickets'];

export const OTHER_AIVEN_SCOPES: string[] = OTHER_FAMILIES.flatMap((family) => [family, `${family}:read`, `${family}:write`]).filter(
  (scope) => scope !== 'user:read',
);
