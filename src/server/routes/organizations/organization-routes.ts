// Organizations: POST/GET /v1/organizations, GET/PATCH/DELETE /v1/organization/{organization_id}.
import { noContent, type FamilyPlugin } from '../family-plugin.js';
import { orgParams } from '../shared-schemas.js';
import { createOrganizationBody, organizationSchema, organizationsPageSchema, updateOrganizationBody } from './organization-schemas.js';
import { organizationJson } from './organization-json.js';
import { organizationNotFound, requireInstanceAdmin } from '../../auth/authorize.js';
import {
  administeredOrganization,
  createOrganization,
  deleteOrganization,
  listVisibleOrganizations,
  readableOrganization,
  updateOrganization,
} from '../../operations/organizations.js';

const tags = ['organizations'];

/** An encapsulated Fastify plugin: registered under /v1 with the service context. */
export const organizationRoutes: FamilyPlugin<[typeof organizationSchema]> = async (app, { ctx }) => {
  app.post(
    '/v1/organizations',
    {
      config: { scope: 'accounts:write' },
      schema: {
        tags, summary: 'Create an organization (instance admin)',
        body: createOrganizationBody,
        response: { 200: { $ref: 'Organization#' } },
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
        tags, summary: 'List organizations',
        response: { 200: organizationsPageSchema },
      },
    },
    async (request) => ({ organizations: (await listVisibleOrganizations(ctx, request.principal)).map(organizationJson) }),
  );

  app.get(
    '/v1/organization/:organization_id',
    {
      config: { scope: 'accounts:read' },
      schema: { tags, summary: 'Get an organization', params: orgParams, response: { 200: { $ref: 'Organization#' } } },
    },
    async (request) => organizationJson(await readableOrganization(ctx.store, request.principal, request.params.organization_id)),
  );

  app.patch(
    '/v1/organization/:organization_id',
    {
      config: { scope: 'accounts:write' },
      schema: {
        tags, summary: 'Update an organization',
        params: orgParams, body: updateOrganizationBody,
        response: { 200: { $ref: 'Organization#' } },
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

  app.delete(
    '/v1/organization/:organization_id',
    {
      config: { scope: 'accounts:write' },
      schema: { tags, summary: 'Delete an organization, its users and their tokens', params: orgParams, response: { 204: { type: 'null' } } },
    },
    async (request, reply) => {
      const org = await administeredOrganization(ctx.store, request.principal, request.params.organization_id);
      await deleteOrganization(ctx, request, org);
      return noContent(reply);
    },
  );
};
