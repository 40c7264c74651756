// What the signed-in token may do, from GET /v1/me: the role (instance admin, super-admin application
// user, plain application user) and the token's scopes. The console offers only what these allow;
// the server enforces the same rules on every request.
import { scopesCover } from '../../src/domain/scopes.ts';
import type { Me } from './api/types.ts';

export interface Rights {
  instanceAdmin: boolean;
  /** May list organizations, users and tokens (in the organizations it administers). */
  read: boolean;
  /** May create, change and delete them. */
  write: boolean;
  createOrganizations: boolean;
  administers(organizationId: string): boolean;
}

export function rightsOf(me: Me): Rights {
  const instanceAdmin = me.kind === 'instance_admin';
  const administrator = instanceAdmin || me.is_super_admin;
  const read = administrator && scopesCover(me.scopes, 'accounts:read');
  const write = administrator && scopesCover(me.scopes, 'accounts:write');
  return {
    instanceAdmin,
    read,
    write,
    createOrganizations: instanceAdmin && write,
    administers: (organizationId) => read && (instanceAdmin || me.organization_id === organizationId),
  };
}

export function roleName(me: Me): string {
  if (me.kind === 'instance_admin') return 'Instance admin';
  return me.is_super_admin ? 'Super admin' : 'Application user';
}
