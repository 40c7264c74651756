// Finding an application user the caller administers: shared by the application-user and token routes.
import type { ServiceContext } from '../context.js';
import { notFound } from '../errors.js';
import type { ApplicationUser } from '../../store/records.js';
import type { Principal } from '../auth/principal.js';
import { administeredOrganization } from './organizations.js';

export function userNotFound(userId: string) {
  return notFound('organization_user_not_found', `application user '${userId}' not found in this organization`);
}

/** The user, if the principal administers its organization; 404/403 otherwise. */
export async function administeredUser(ctx: ServiceContext, principal: Principal, organizationId: string, userId: string): Promise<ApplicationUser> {
  await administeredOrganization(ctx.store, principal, organizationId);
  const user = await ctx.store.getUser(organizationId, userId);
  if (!user) throw userNotFound(userId);
  return user;
}
