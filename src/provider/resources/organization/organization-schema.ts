/** Schema of the aiven_organization resource: name updatable in place; the rest computed. */
import { useStateForUnknown } from '../../../terraform/framework/planmodifiers/use-state-for-unknown.js';
import { stringAttribute } from '../../../terraform/framework/schema/attributes.js';
import { defineSchema, type Model } from '../../../terraform/framework/schema/schema.js';
import { timeoutsBlock } from '../../../terraform/framework/timeouts/timeouts-block.js';
import { NAME_MAX_LENGTH, NAME_MIN_LENGTH } from '../../../domain/token-limits.js';
import { stringLengthBetween } from '../../../terraform/framework/validators/string-length-between.js';

export const ORGANIZATION_TYPE_NAME = 'aiven_organization';

/** Words shared by the resource and the data source. */
export const organizationDescriptions = {
  create_time: 'When the organization was created: a timestamp in ISO 8601 format, always in UTC.',
  update_time: 'When the organization was last changed (its name or tier): a timestamp in ISO 8601 format, always in UTC.',
};

export const organizationSchema = defineSchema({
  markdownDescription: 'Creates and manages an [organization](https://aiven.io/docs/platform/concepts/orgs-units-projects).',
  attributes: {
    id: stringAttribute({ computed: true, description: 'ID of the organization.', planModifiers: [useStateForUnknown()] }),
    name: stringAttribute({ required: true, description: 'Name of the organization.', validators: [stringLengthBetween(NAME_MIN_LENGTH, NAME_MAX_LENGTH)] }),
    tenant_id: stringAttribute({ computed: true, description: 'Tenant ID of the organization.', planModifiers: [useStateForUnknown()] }),
    create_time: stringAttribute({
      computed: true,
      description: organizationDescriptions.create_time,
      planModifiers: [useStateForUnknown()],
    }),
    update_time: stringAttribute({
      computed: true,
      description: organizationDescriptions.update_time,
    }),
  },
  blocks: { timeouts: timeoutsBlock() },
});

export type OrganizationModel = Model<typeof organizationSchema>;
