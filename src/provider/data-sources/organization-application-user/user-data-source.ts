/** Data source aiven_organization_application_user: one application user, by organization_id + user_id. */
import type { AivenClient } from '../../../client/index.js';
import { defineDataSource } from '../../../terraform/framework/datasource/data-source.js';
import { boolAttribute, stringAttribute } from '../../../terraform/framework/schema/attributes.js';
import { defineSchema } from '../../../terraform/framework/schema/schema.js';
import { userStateFromApi } from '../../resources/organization-application-user/user-resource.js';
import { nonEmptyIdValidator } from '../../limit-validators.js';
import { USER_TYPE_NAME, userDescriptions } from '../../resources/organization-application-user/user-schema.js';

export const userDataSourceSchema = defineSchema({
  markdownDescription: 'Gets information about an organization application user.',
  attributes: {
    organization_id: stringAttribute({
      required: true,
      markdownDescription: userDescriptions.organization_id,
      validators: [nonEmptyIdValidator('organization_id')],
    }),
    user_id: stringAttribute({ required: true, markdownDescription: userDescriptions.user_id, validators: [nonEmptyIdValidator('user_id')] }),
    id: stringAttribute({ computed: true, markdownDescription: userDescriptions.id }),
    name: stringAttribute({ computed: true, markdownDescription: userDescriptions.name }),
    is_super_admin: boolAttribute({ computed: true, markdownDescription: 'Whether the application user is a super admin.' }),
    email: stringAttribute({ computed: true, markdownDescription: userDescriptions.email }),
    create_time: stringAttribute({ computed: true, markdownDescription: userDescriptions.create_time }),
  },
});

export const organizationApplicationUserDataSource = defineDataSource({
  typeName: USER_TYPE_NAME,
  schema: userDataSourceSchema,
  async read(req) {
    const client = req.providerData as AivenClient;
    const organizationId = req.config.organization_id!;
    const user = await client.getApplicationUser(organizationId, req.config.user_id!, req.requestOptions);
    return userStateFromApi(organizationId, user);
  },
});
