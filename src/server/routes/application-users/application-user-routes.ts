// Application users: /v1/organization/{organization_id}/application-users[/{user_id}].
import { applicationUserEmail, newUserId } from '../../../domain/ids.js';
import { noContent, type FamilyPlugin } from '../family-plugin.js';
import { orgParams, userParams } from '../shared-schemas.js';
import { createUserBody, updateUserBody, userSchema, usersPageSchema } from './application-user-schemas.js';
import { userJson } from './application-user-json.js';
import type { ApplicationUser } from '../../../store/records.js';
import { administeredOrganization } from '../../operations/organizations.js';
import { administeredUser, userNotFound } from '../../operations/application-users.js';
import { auditEvent } from '../../audit/audit-event.js';

const tags = ['application users'];

/** An encapsulated Fastify plugin: registered under /v1 with the service context. */
export const applicationUserRoutes: FamilyPlugin<[typeof userSchema]> = async (app, { ctx }) => {
  const base = '/v1/organization/:organization_id/application-users';

  app.post(
    base,
    {
      config: { scope: 'accounts:write' },
      schema: { tags, summary: 'Create an application user', params: orgParams, body: createUserBody, response: { 200: { $ref: 'ApplicationUser#' } } },
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

  app.get(
    base,
    {
      config: { scope: 'accounts:read' },
      schema: {
        tags, summary: 'List application users', params: orgParams,
        response: { 200: usersPageSchema },
      },
    },
    async (request) => {
      await administeredOrganization(ctx.store, request.principal, request.params.organization_id);
      return { application_users: (await ctx.store.listUsers(request.params.organization_id)).map(userJson) };
    },
  );

  app.get(
    `${base}/:user_id`,
    {
      config: { scope: 'accounts:read' },
      schema: { tags, summary: 'Get an application user', params: userParams, response: { 200: { $ref: 'ApplicationUser#' } } },
    },
    async (request) => userJson(await administeredUser(ctx, request.principal, request.params.organization_id, request.params.user_id)),
  );

  app.patch(
    `${base}/:user_id`,
    {
      config: { scope: 'accounts:write' },
      schema: { tags, summary: 'Update an application user', params: userParams, body: updateUserBody, response: { 200: { $ref: 'ApplicationUser#' } } },
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

  app.delete(
    `${base}/:user_id`,
    {
      config: { scope: 'accounts:write' },
      schema: { tags, summary: 'Delete an application user and revoke all its tokens', params: userParams, response: { 204: { type: 'null' } } },
    },
    async (request, reply) => {
      const { organization_id, user_id } = request.params;
      await administeredOrganization(ctx.store, request.principal, organization_id);
      const event = auditEvent(request, ctx.clock.now(), 'application_user.deleted', organization_id, user_id);
      const prefixes = await ctx.store.deleteUser(organization_id, user_id, event);
      if (prefixes === undefined) throw userNotFound(user_id);
      await ctx.invalidation.publish(prefixes);
      return noContent(reply);
    },
  );
};
