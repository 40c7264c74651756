// Organizations: POST/GET /v1/organizations, GET/PATCH/DELETE /v1/organization/{organization_id}.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { newAccountId, newOrganizationId } from '../../domain/ids.js';
import type { ServiceContext } from '../context.js';
import { errorResponses, orgParams, createOrganizationBody, updateOrganizationBody } from '../schemas.js';
import { organizationJson } from '../serialize.js';
import { organizationNotFound, requireInstanceAdmin, requireOrganizationAdmin, requireOrganizationMember, visibleOrganizationId } from '../auth/authorize.js';
import type { Organization } from '../../store/records.js';
import type { Principal } from '../auth/principal.js';
import type { Store } from '../../store/store.js';
import { auditEvent } from '../audit/audit-event.js';

const tags = ['organizations'];
const security = [{ aivenv1: [] }];

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

export function organizationRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.post<{ Body: { organization_name: string; tier?: string } }>(
    '/v1/organizations',
    {
      config: { scope: 'accounts:write' },
      schema: {
        tags, security, summary: 'Create an organization (instance admin)',
        body: createOrganizationBody,
        response: { 200: { $ref: 'Organization#' }, ...errorResponses },
      },
    },
    async (request) => {
      requireInstanceAdmin(request.principal, 'create organizations');
      return organizationJson(await createOrganization(ctx, request, request.body.organization_name, request.body.tier ?? 'business'));
    },
  );

  app.get(
    '/v1/organizations',
    {
      config: { scope: 'accounts:read' },
      schema: {
        tags, security, summary: 'List organizations',
        response: { 200: { type: 'object', properties: { organizations: { type: 'array', items: { $ref: 'Organization#' } } } }, ...errorResponses },
      },
    },
    async (request) => ({ organizations: (await listVisibleOrganizations(ctx, request.principal)).map(organizationJson) }),
  );

  app.get<{ Params: { organization_id: string } }>(
    '/v1/organization/:organization_id',
    {
      config: { scope: 'accounts:read' },
      schema: { tags, security, summary: 'Get an organization', params: orgParams, response: { 200: { $ref: 'Organization#' }, ...errorResponses } },
    },
    async (request) => organizationJson(await readableOrganization(ctx.store, request.principal, request.params.organization_id)),
  );

  app.patch<{ Params: { organization_id: string }; Body: { name?: string; tier?: string } }>(
    '/v1/organization/:organization_id',
    {
      config: { scope: 'accounts:write' },
      schema: {
        tags, security, summary: 'Update an organization',
        params: orgParams, body: updateOrganizationBody,
        response: { 200: { $ref: 'Organization#' }, ...errorResponses },
      },
    },
    async (request) => {
      const { organization_id } = request.params;
      const before = await administeredOrganization(ctx.store, request.principal, organization_id);
      const updated = await updateOrganization(ctx, request, before, { name: request.body.name, tier: request.body.tier });
      if (!updated) throw organizationNotFound(organization_id);
      return organizationJson(updated);
    },
  );

  app.delete<{ Params: { organization_id: string } }>(
    '/v1/organization/:organization_id',
    {
      config: { scope: 'accounts:write' },
      schema: { tags, security, summary: 'Delete an organization, its users and their tokens', params: orgParams, response: { 204: { type: 'null' }, ...errorResponses } },
    },
    async (request, reply) => {
      const org = await administeredOrganization(ctx.store, request.principal, request.params.organization_id);
      await deleteOrganization(ctx, request, org);
      return reply.code(204).send();
    },
  );
}
