// The API's shapes, as the console reads them (see the server's schemas and DESIGN.md).

export interface Me {
  user: string;
  user_id: string;
  real_name: string;
  kind: 'instance_admin' | 'application_user';
  organization_id: string | null;
  is_super_admin: boolean;
  token_prefix: string;
  scopes: string[] | null;
}

// Everything else as the typed client declares it (src/client/types.ts, types only: nothing of the
// client's code enters the bundle), so the console and the client cannot drift apart.
export type {
  Organization,
  ApplicationUser,
  ApplicationUserToken as Token,
  CreateApplicationUserTokenRequest as CreateTokenRequest,
  CreatedApplicationUserToken as CreatedToken,
  AuditEvent,
  EventsPage as AuditEventsPage,
} from '../../../src/client/types.ts';
