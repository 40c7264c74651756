// Application users: /v1/organization/{organization_id}/application-users[/{user_id}].
import type { FastifyInstance } from 'fastify';
import { applicationUserEmail, newUserId } from '../../domain/ids.js';
import type { FamilyOptions } from '../context.js';
import { createUserBody, errorResponses, orgParams, updateUserBody, userParams } from '../schemas.js';
import { userJson } from '../serialize.js';
import type { ApplicationUser } from '../../store/records.js';
import { administeredOrganization } from '../operations/organizations.js';
import { administeredUser, userNotFound } from '../operations/application-users.js';
import { auditEvent } from '../audit/audit-event.js';

const tags = ['application users'];
const security = [{ aivenv1: [] }];

/** An encapsulated Fastify plugin: registered under /v1 with the service context. */
export async function applicationUserRoutes(app: FastifyInstance, { ctx }: FamilyOptions): Promise<void> {
  const base = '/v1/organization/:organization_id/application-users';

  app.post<{ Params: { organization_id: string }; Body: { name: string; is_super_admin?: boolean } }>(
    base,
    {
      config: { scope: 'accounts:write' },
      schema: { tags, security, summary: 'Create an application user', params: orgParams, body: createUserBody, response: { 200: { $ref: 'ApplicationUser#' }, ...errorResponses } },
    },
    async (request) => {
      const { organization_id } = request.params;
      await administeredOrganization(ctx.store, request.principal, organization_id);
      const userId = newUserId();
      const user: ApplicationUser = {
        userId,
        organizationId: organization_id,
        name: request.body.name,
        userEmail: applicationUserEmail(userId, organization_id),
        isSuperAdmin: request.body.is_super_admin ?? false,
        createTime: ctx.clock.now(),
      };
      await ctx.store.createUser(
        user,
        auditEvent(request, user.createTime, 'application_user.created', organization_id, userId, { name: user.name, is_super_admin: user.isSuperAdmin }),
      );
      return userJson(user);
    },
  );

  app.get<{ Params: { organization_id: string } }>(
    base,
    {
      config: { scope: 'accounts:read' },
      schema: {
        tags, security, summary: 'List application users', params: orgParams,
        response: { 200: { type: 'object', properties: { application_users: { type: 'array', items: { $ref: 'ApplicationUser#' } } } }, ...errorResponses },
      },
    },
    async (request) => {
      await administeredOrganization(ctx.store, request.principal, request.params.organization_id);
      return { application_users: (await ctx.store.listUsers(request.params.organization_id)).map(userJson) };
    },
  );

  app.get<{ Params: { organization_id: string; user_id: string } }>(
    `${base}/:user_id`,
    {
      config: { scope: 'accounts:read' },
      schema: { tags, security, summary: 'Get an application user', params: userParams, response: { 200: { $ref: 'ApplicationUser#' }, ...errorResponses } },
    },
    async (request) => userJson(await administeredUser(ctx, request.principal, request.params.organization_id, request.params.user_id)),
  );

  app.patch<{ Params: { organization_id: string; user_id: string }; Body: { name?: string; is_super_admin?: boolean } }>(
    `${base}/:user_id`,
    {
      config: { scope: 'accounts:write' },
      schema: { tags, security, summary: 'Update an application user', params: userParams, body: updateUserBody, response: { 200: { $ref: 'ApplicationUser#' }, ...errorResponses } },
    },
    async (request) => {
      const { organization_id, user_id } = request.params;
      const before = await administeredUser(ctx, request.principal, organization_id, user_id);
      const { name, is_super_admin } = request.body;
      const details = {
        ...(name !== undefined ? { name, previous_name: before.name } : {}),
        ...(is_super_admin !== undefined ? { is_super_admin, previous_is_super_admin: before.isSuperAdmin } : {}),
      };
      const updated = await ctx.store.updateUser(
        organization_id,
        user_id,
        { name, isSuperAdmin: is_super_admin },
        auditEvent(request, ctx.clock.now(), 'application_user.updated', organization_id, user_id, details),
      );
      if (!updated) throw userNotFound(user_id);
      if (updated.isSuperAdmin !== before.isSuperAdmin || updated.name !== before.name) {
        // cached verifications carry the user's rights: drop them so the change applies at once
        const tokens = await ctx.store.listTokens(user_id);
        await ctx.invalidation.publish(tokens.map((t) => t.tokenPrefix));
      }
      return userJson(updated);
    },
  );

  app.delete<{ Params: { organization_id: string; user_id: string } }>(
    `${base}/:user_id`,
    {
      config: { scope: 'accounts:write' },
      schema: { tags, security, summary: 'Delete an application user and revoke all its tokens', params: userParams, response: { 204: { type: 'null' }, ...errorResponses } },
    },
    async (request, reply) => {
      const { organization_id, user_id } = request.params;
      await administeredOrganization(ctx.store, request.principal, organization_id);
      const event = auditEvent(request, ctx.clock.now(), 'application_user.deleted', organization_id, user_id);
      const prefixes = await ctx.store.deleteUser(organization_id, user_id, event);
      if (prefixes === undefined) throw userNotFound(user_id);
      await ctx.invalidation.publish(prefixes);
      return reply.code(204).send();
    },
  );
}
