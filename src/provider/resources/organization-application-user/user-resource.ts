/**
 * aiven_organization_application_user: create, read (gone → removed from state with a warning),
 * rename / super-admin change in place, delete, import by ORGANIZATION_ID/USER_ID.
 */
import { isNotFoundError, type AivenClient, type ApplicationUser } from '../../../client/index.js';
import { defineResource } from '../../../terraform/framework/resource/resource.js';
import { formatUserId, parseUserId } from './user-id.js';
import { USER_TYPE_NAME, userSchema } from './user-schema.js';

/** The state attributes an API user object determines. */
export function userStateFromApi(organizationId: string, user: ApplicationUser) {
  return {
    id: formatUserId({ organizationId, userId: user.user_id }),
    organization_id: organizationId,
    user_id: user.user_id,
    name: user.name,
    is_super_admin: user.is_super_admin,
    email: user.user_email,
    create_time: user.create_time,
  };
}

export const organizationApplicationUserResource = defineResource({
  typeName: USER_TYPE_NAME,
  schema: userSchema,

  async create(req) {
    const client = req.providerData as AivenClient;
    const organizationId = req.plan.organization_id as string;
    const user = await client.createApplicationUser(
      organizationId,
      { name: req.plan.name as string, is_super_admin: req.plan.is_super_admin === true },
      req.requestOptions,
    );
    return userStateFromApi(organizationId, user);
  },

  async read(req) {
    const client = req.providerData as AivenClient;
    const { organization_id: organizationId, user_id: userId } = req.state;
    try {
      return userStateFromApi(organizationId!, await client.getApplicationUser(organizationId!, userId!, req.requestOptions));
    } catch (err) {
      if (!isNotFoundError(err)) throw err;
      req.diagnostics.addWarning(
        'Application user removed from state',
        `The application user ${userId} of organization ${organizationId} no longer exists (${err.message}); it was deleted outside Terraform. It was removed from the state; the next plan creates it again.`,
      );
      return null;
    }
  },

  async update(req) {
    const client = req.providerData as AivenClient;
    const organizationId = req.state.organization_id!;
    const user = await client.updateApplicationUser(
      organizationId,
      req.state.user_id!,
      { name: req.plan.name as string, is_super_admin: req.plan.is_super_admin === true },
      req.requestOptions,
    );
    return userStateFromApi(organizationId, user);
  },

  async delete(req) {
    const client = req.providerData as AivenClient;
    try {
      await client.deleteApplicationUser(req.state.organization_id!, req.state.user_id!, req.requestOptions);
    } catch (err) {
      if (!isNotFoundError(err)) throw err;
    }
  },

  importState(req) {
    const parsed = parseUserId(req.id);
    if ('error' in parsed) {
      req.diagnostics.addError('Invalid Import ID', parsed.error);
      return undefined;
    }
    return { id: formatUserId(parsed), organization_id: parsed.organizationId, user_id: parsed.userId };
  },
});
