// Who may do what. The instance admin may do everything; an application user with is_super_admin
// administers its own organization; another organization's objects answer 404 (never 403) so their
// existence does not leak. Scopes are checked separately (scopes.ts), before these rules.
import { ApiError, forbidden, notFound } from '../errors.js';
import type { Principal } from './principal.js';

export function organizationNotFound(organizationId: string): ApiError {
  return notFound('organization_not_found', `organization '${organizationId}' not found`);
}

/** Throws unless the principal administers the organization. */
export function requireOrganizationAdmin(principal: Principal, organizationId: string): void {
  if (principal.kind === 'instance_admin') return;
  if (principal.user.organizationId !== organizationId) throw organizationNotFound(organizationId);
  if (!principal.user.isSuperAdmin) {
    throw forbidden(`application user '${principal.user.userId}' is not a super admin of organization '${organizationId}'`);
  }
}

/** Throws unless the principal may read the organization: the instance admin, or any of its application users. */
export function requireOrganizationMember(principal: Principal, organizationId: string): void {
  if (principal.kind === 'instance_admin') return;
  if (principal.user.organizationId !== organizationId) throw organizationNotFound(organizationId);
}

/** Whether the principal administers the organization (is_account_owner in the account API). */
export function administers(principal: Principal, organizationId: string): boolean {
  return principal.kind === 'instance_admin' || (principal.user.organizationId === organizationId && principal.user.isSuperAdmin);
}

export function requireInstanceAdmin(principal: Principal, action: string): void {
  if (principal.kind !== 'instance_admin') throw forbidden(`only the instance admin may ${action}`);
}

/** Organizations a principal may see in listings: all (instance admin), or its own (any application user, as a member of an Aiven organization sees it). */
export function visibleOrganizationId(principal: Principal): string | 'all' {
  if (principal.kind === 'instance_admin') return 'all';
  return principal.user.organizationId;
}
