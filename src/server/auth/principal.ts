// Who is calling: the instance admin or an application user, through which token and scopes.
import type { ApplicationUser } from '../../store/records.js';

interface TokenRestrictions {
  tokenPrefix: string;
  /** null = unrestricted */
  scopes: readonly string[] | null;
  /** null = any address */
  ipAllowlist: readonly string[] | null;
}

export type Principal =
  | ({ kind: 'instance_admin' } & TokenRestrictions)
  | ({ kind: 'application_user'; user: ApplicationUser } & TokenRestrictions);
