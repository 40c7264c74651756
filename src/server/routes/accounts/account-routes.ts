// The account API (what the Aiven provider's aiven_organization uses), over the same organizations:
// POST/GET /v1/account, GET/PUT/DELETE /v1/account/{account_id}.
import type { ServiceContext } from '../../context.js';
import { noContent, type FamilyPlugin } from '../family-plugin.js';
import { accountParams, accountResponse, accountSchema, accountsPageSchema, createAccountBody, updateAccountBody } from './account-schemas.js';
import { accountJson } from './account-json.js';
import { administers, requireInstanceAdmin, requireOrganizationAdmin } from '../../auth/authorize.js';
import { notFound } from '../../errors.js';
import type { Principal } from '../../auth/principal.js';
import type { Organization } from '../../../store/records.js';
import { createOrganization, deleteOrganization, listVisibleOrganizations, updateOrganization } from '../../operations/organizations.js';

const tags = ['accounts'];

function accountNotFound(accountId: string) {
  return notFound('account_not_found', `account '${accountId}' not found`);
}

/** The account, if the principal may read it (the instance admin, or any user of its organization); 404 otherwise. */
async function readableAccount(ctx: ServiceContext, principal: Principal, accountId: string): Promise<Organization> {
  const org = await ctx.store.getOrganizationByAccountId(accountId);
  if (!org) throw accountNotFound(accountId);
  if (principal.kind === 'application_user' && principal.user.organizationId !== org.organizationId) throw accountNotFound(accountId);
  return org;
}

async function administeredAccount(ctx: ServiceContext, principal: Principal, accountId: string): Promise<Organization> {
  const org = await readableAccount(ctx, principal, accountId);
  requireOrganizationAdmin(principal, org.organizationId);
  return org;
}

/** An encapsulated Fastify plugin: registered under /v1 with the service context. */
export const accountRoutes: FamilyPlugin<[typeof accountSchema]> = async (app, { ctx }) => {
  app.post(
    '/v1/account',
    {
      config: { scope: 'accounts:write' },
      schema: { tags, summary: 'Create an account (an organization; instance admin)', body: createAccountBody, response: { 200: accountResponse } },
    },
    async (request) => {
      requireInstanceAdmin(request.principal, 'create accounts');
      return { account: accountJson(await createOrganization(ctx, request, request.body.account_name, 'business'), true) };
    },
  );

  app.get(
    '/v1/account',
    {
      config: { scope: 'accounts:read' },
      schema: { tags, summary: 'List accounts', response: { 200: accountsPageSchema } },
    },
    async (request) => ({
      accounts: (await listVisibleOrganizations(ctx, request.principal)).map((o) => accountJson(o, administers(request.principal, o.organizationId))),
    }),
  );

  app.get(
    '/v1/account/:account_id',
    {
      config: { scope: 'accounts:read' },
      schema: { tags, summary: 'Get an account', params: accountParams, response: { 200: accountResponse } },
    },
    async (request) => {
      const org = await readableAccount(ctx, request.principal, request.params.account_id);
      return { account: accountJson(org, administers(request.principal, org.organizationId)) };
    },
  );

  app.put(
    '/v1/account/:account_id',
    {
      config: { scope: 'accounts:write' },
      schema: { tags, summary: 'Rename an account', params: accountParams, body: updateAccountBody, response: { 200: accountResponse } },
    },
    async (request) => {
      const org = await administeredAccount(ctx, request.principal, request.params.account_id);
      const updated = await updateOrganization(ctx, request, org, { name: request.body.account_name });
      if (!updated) throw accountNotFound(request.params.account_id);
      return { account: accountJson(updated, true) };
    },
  );

  app.delete(
    '/v1/account/:account_id',
    {
      config: { scope: 'accounts:write' },
      schema: { tags, summary: 'Delete an account (its organization, users and tokens)', params: accountParams, response: { 204: { type: 'null' } } },
    },
    async (request, reply) => {
      const org = await administeredAccount(ctx, request.principal, request.params.account_id);
      await deleteOrganization(ctx, request, org);
      return noContent(reply);
    },
  );
};
