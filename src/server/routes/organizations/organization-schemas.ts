// The organizations family's schemas: the Organization object (a shared schema, registered by app.ts
// as `Organization#`) and the bodies of create and update.
import { ignored, name, time } from '../shared-schemas.js';

const TIERS = ['business', 'personal'] as const;
const tier = { type: 'string', enum: TIERS } as const;

export const organizationSchema = {
  $id: 'Organization',
  type: 'object',
  properties: {
    organization_id: { type: 'string' },
    organization_name: { type: 'string' },
    account_id: { type: 'string' },
    tier: { type: 'string' },
    create_time: time,
    update_time: time,
  },
  required: ['organization_id', 'organization_name', 'account_id', 'tier', 'create_time', 'update_time'],
} as const;

export const createOrganizationBody = {
  type: 'object',
  additionalProperties: false,
  properties: { organization_name: name, tier, primary_billing_group_id: ignored('billing') },
  required: ['organization_name'],
} as const;

export const updateOrganizationBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name,
    tier,
    kafka_topic_ownership_enabled: ignored('Kafka governance', ['boolean', 'null']),
    default_governance_user_group_id: ignored('Kafka governance'),
  },
} as const;

export const organizationsPageSchema = {
  type: 'object',
  properties: { organizations: { type: 'array', items: { $ref: 'Organization#' } } },
} as const;
