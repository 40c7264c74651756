/**
 * aiven_organization. Created through the account API (as the Aiven provider does: it returns the
 * tenant), renamed in place through the organization API, read from both (the organization for its
 * name and times, its account for the tenant). `id` is the organization ID (org…); import by it.
 */
import type { AivenClient } from '../../../client/aiven-client.js';
import { isNotFoundError } from '../../../client/api-error.js';
import type { RequestOptions } from '../../../client/transport.js';
import type { Account, Organization } from '../../../client/types.js';
import { defineResource } from '../../../terraform/framework/resource/resource.js';
import { ORGANIZATION_TYPE_NAME, organizationSchema, type OrganizationModel } from './organization-schema.js';

/** Organization IDs as Aiven (and Tessera) write them. */
const ORGANIZATION_ID = /^org[0-9a-z]{4,40}$/i;

type OrganizationState = Omit<OrganizationModel, 'timeouts'>;

function fromAccount(account: Account): OrganizationState {
  return {
    id: account.organization_id,
    name: account.account_name,
    tenant_id: account.tenant_id ?? null,
    create_time: account.create_time,
    update_time: account.update_time,
  };
}

/** The organization with its tenant (two reads: the org API has no tenant, the account API has no org-only fields). */
export async function readOrganization(client: AivenClient, organizationId: string, options: RequestOptions): Promise<OrganizationState> {
  const org: Organization = await client.getOrganization(organizationId, options);
  const account = await client.getAccount(org.account_id, options);
  return {
    id: org.organization_id,
    name: org.organization_name,
    tenant_id: account.tenant_id ?? null,
    create_time: org.create_time,
    update_time: org.update_time,
  };
}

export const organizationResource = defineResource<typeof organizationSchema, AivenClient>({
  typeName: ORGANIZATION_TYPE_NAME,
  schema: organizationSchema,

  async create({ plan, providerData: client, requestOptions }) {
    return fromAccount(await client.createAccount({ account_name: plan.name as string }, requestOptions));
  },

  async read({ state, providerData: client, requestOptions, diagnostics }) {
    try {
      return await readOrganization(client, state.id!, requestOptions);
    } catch (err) {
      if (!isNotFoundError(err)) throw err;
      diagnostics.addWarning(
        'Organization removed from state',
        `The organization ${state.id} no longer exists (the API answered "${err.message}"); it was deleted outside Terraform. It was removed from the state; the next plan creates it again.`,
      );
      return null;
    }
  },

  async update({ plan, state, providerData: client, requestOptions }) {
    const org = await client.updateOrganization(state.id!, { name: plan.name as string }, requestOptions);
    return { name: org.organization_name, update_time: org.update_time };
  },

  async delete({ state, providerData: client, requestOptions }) {
    try {
      await client.deleteOrganization(state.id!, requestOptions);
    } catch (err) {
      if (!isNotFoundError(err)) throw err; // already gone is what we wanted
    }
  },

  importState({ id, diagnostics }) {
    const trimmed = id.trim();
    if (!ORGANIZATION_ID.test(trimmed)) {
      diagnostics.addError(
        'Invalid Import ID',
        `${JSON.stringify(id)} is not an organization ID: expected "org" followed by letters and digits, e.g. org1a2b3c4d5e6f (see the organization's id, not its name or account ID).`,
      );
      return undefined;
    }
    return { id: trimmed };
  },
});
