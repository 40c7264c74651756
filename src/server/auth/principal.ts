// Who is calling: the instance admin or an application user, through which token and scopes.
import type { ApplicationUser } from '../../store/records.js';

export type Principal =
  | { kind: 'instance_admin'; tokenPrefix: string; scopes: readonly string[] | null }
  | { kind: 'application_user'; tokenPrefix: string; scopes: readonly string[] | null; user: ApplicationUser };
