// Operations on organizations that several route families share (organizations, accounts,
// application users, events): who may see or administer one, and the changes with their audit events
// and cache invalidation. Routes decide the HTTP shape; these decide what happens.
import type { FastifyRequest } from 'fastify';
import { newAccountId, newOrganizationId } from '../../domain/ids.js';
import type { ServiceContext } from '../context.js';
import { organizationNotFound, requireOrganizationAdmin, requireOrganizationMember, visibleOrganizationId } from '../auth/authorize.js';
import type { Organization } from '../../store/records.js';
import type { Principal } from '../auth/principal.js';
import type { Store } from '../../store/store.js';
import { auditEvent } from '../audit/audit-event.js';

/** The organization, if the principal administers it; 404/403 otherwise. */
export async function administeredOrganization(store: Store, principal: Principal, organizationId: string): Promise<Organization> {
  requireOrganizationAdmin(principal, organizationId);
  const org = await store.getOrganization(organizationId);
  if (!org) throw organizationNotFound(organizationId);
  return org;
}

/** The organization, if the principal may read it (the instance admin, or any of its users); 404 otherwise. */
export async function readableOrganization(store: Store, principal: Principal, organizationId: string): Promise<Organization> {
  requireOrganizationMember(principal, organizationId);
  const org = await store.getOrganization(organizationId);
  if (!org) throw organizationNotFound(organizationId);
  return org;
}

export async function createOrganization(ctx: ServiceContext, request: FastifyRequest, name: string, tier: string): Promise<Organization> {
  const now = ctx.clock.now();
  const org: Organization = { organizationId: newOrganizationId(), accountId: newAccountId(), name, tier, createTime: now, updateTime: now };
  await ctx.store.createOrganization(
    org,
    auditEvent(request, now, 'organization.created', org.organizationId, org.organizationId, { name, tier, account_id: org.accountId }),
  );
  return org;
}

/** Renames an organization or changes its tier (with the audit event); undefined when it is gone. */
export async function updateOrganization(
  ctx: ServiceContext,
  request: FastifyRequest,
  before: Organization,
  changes: { name?: string; tier?: string },
): Promise<Organization | undefined> {
  const now = ctx.clock.now();
  const details = {
    ...(changes.name !== undefined ? { name: changes.name, previous_name: before.name } : {}),
    ...(changes.tier !== undefined ? { tier: changes.tier, previous_tier: before.tier } : {}),
  };
  return ctx.store.updateOrganization(
    before.organizationId,
    { ...changes, updateTime: now },
    auditEvent(request, now, 'organization.updated', before.organizationId, before.organizationId, details),
  );
}

/** Deletes an organization with its users and tokens, and drops their cached verifications. */
export async function deleteOrganization(ctx: ServiceContext, request: FastifyRequest, org: Organization): Promise<void> {
  const event = auditEvent(request, ctx.clock.now(), 'organization.deleted', org.organizationId, org.organizationId, { name: org.name });
  const prefixes = await ctx.store.deleteOrganization(org.organizationId, event);
  if (prefixes === undefined) throw organizationNotFound(org.organizationId);
  await ctx.invalidation.publish(prefixes);
}

export async function listVisibleOrganizations(ctx: ServiceContext, principal: Principal): Promise<Organization[]> {
  const visible = visibleOrganizationId(principal);
  const all = await ctx.store.listOrganizations();
  return visible === 'all' ? all : all.filter((o) => o.organizationId === visible);
}
