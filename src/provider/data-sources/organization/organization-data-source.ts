/** Data source aiven_organization: one organization, looked up by `id` or by `name` (exactly one). */
import type { AivenClient } from '../../../client/aiven-client.js';
import { isNotFoundError } from '../../../client/api-error.js';
import { defineDataSource } from '../../../terraform/framework/datasource/data-source.js';
import { stringAttribute } from '../../../terraform/framework/schema/attributes.js';
import { defineSchema } from '../../../terraform/framework/schema/schema.js';
import { exactlyOneOf } from '../../../terraform/framework/validators/exactly-one-of.js';
import { readOrganization } from '../../resources/organization/organization-resource.js';
import { ORGANIZATION_TYPE_NAME, organizationDescriptions } from '../../resources/organization/organization-schema.js';

export const organizationDataSourceSchema = defineSchema({
  markdownDescription: 'Gets information about an organization, by `id` or by `name`.',
  attributes: {
    id: stringAttribute({ optional: true, computed: true, description: 'ID of the organization. Exactly one of `id` and `name` must be set.' }),
    name: stringAttribute({ optional: true, computed: true, description: 'Name of the organization. Exactly one of `id` and `name` must be set.' }),
    tenant_id: stringAttribute({ computed: true, description: 'Tenant ID of the organization.' }),
    create_time: stringAttribute({ computed: true, description: organizationDescriptions.create_time }),
    update_time: stringAttribute({ computed: true, description: organizationDescriptions.update_time }),
  },
});

export const organizationDataSource = defineDataSource<typeof organizationDataSourceSchema, AivenClient>({
  typeName: ORGANIZATION_TYPE_NAME,
  schema: organizationDataSourceSchema,
  configValidators: [exactlyOneOf('id', 'name')],

  async read({ config, providerData: client, requestOptions, diagnostics }) {
    if (config.id !== null) {
      try {
        return await readOrganization(client, config.id, requestOptions);
      } catch (err) {
        if (!isNotFoundError(err)) throw err;
        diagnostics.addError('Organization not found', `No organization with id ${JSON.stringify(config.id)}: the API answered "${err.message}".`, ['id']);
        return undefined;
      }
    }
    const named = (await client.listOrganizations(requestOptions)).filter((o) => o.organization_name === config.name);
    if (named.length !== 1) {
      diagnostics.addError(
        named.length === 0 ? 'Organization not found' : 'Organization name is ambiguous',
        named.length === 0
          ? `No organization named ${JSON.stringify(config.name)} is visible to this token.`
          : `${named.length} organizations are named ${JSON.stringify(config.name)} (${named.map((o) => o.organization_id).join(', ')}); look it up by id instead.`,
        ['name'],
      );
      return undefined;
    }
    return readOrganization(client, named[0].organization_id, requestOptions);
  },
});
