// Who is calling: the instance admin or an application user, through which token and scopes.
import type { ApplicationUser } from '../../store/records.js';

interface TokenRestrictions {
  tokenPrefix: string;
  /** null = unrestricted */
  scopes: readonly string[] | null;
  /** null = any address */
  ipAllowlist: readonly string[] | null;
  /** The calling token's own lifetime: a token cannot create one that outlives it (lifetime.ts). */
  lifetime: { maxAgeSeconds: number; extendWhenUsed: boolean; expires: boolean };
}

/** The subject the instance admin is reported as (GET /v1/me, introspection's `sub`). */
export const INSTANCE_ADMIN_ID = 'instance-admin';

export type Principal =
  | ({ kind: 'instance_admin' } & TokenRestrictions)
  | ({ kind: 'application_user'; user: ApplicationUser } & TokenRestrictions);
