// The accounts family's schemas: the Account object (a shared schema, registered by app.ts as
// `Account#`), its path parameter and the bodies of create and rename.
import { ignored, MAX_PATH_ID_LENGTH, name, nullableString, time } from '../shared-schemas.js';

export const accountSchema = {
  $id: 'Account',
  type: 'object',
  properties: {
    account_id: { type: 'string' },
    account_name: { type: 'string' },
    organization_id: { type: 'string' },
    tenant_id: { type: 'string' },
    is_account_owner: { type: 'boolean' },
    root_account_id: { type: 'string' },
    root_account_name: { type: 'string' },
    parent_account_id: nullableString,
    primary_billing_group_id: nullableString,
    create_time: time,
    update_time: time,
  },
  required: ['account_id', 'account_name', 'organization_id', 'tenant_id', 'create_time', 'update_time'],
} as const;

/** Not checked against Tessera's id format, like every id (see shared-schemas.ts). */
const accountIdParam = { type: 'string', minLength: 1, maxLength: MAX_PATH_ID_LENGTH, description: 'Account ID (a…)' } as const;
export const accountParams = { type: 'object', properties: { account_id: accountIdParam }, required: ['account_id'] } as const;

export const createAccountBody = {
  type: 'object',
  additionalProperties: false,
  properties: { account_name: name, parent_account_id: ignored('account hierarchy'), primary_billing_group_id: ignored('billing') },
  required: ['account_name'],
} as const;

export const updateAccountBody = {
  type: 'object',
  additionalProperties: false,
  properties: { account_name: name, primary_billing_group_id: ignored('billing') },
} as const;

export const accountResponse = { type: 'object', properties: { account: { $ref: 'Account#' } } } as const;
export const accountsPageSchema = { type: 'object', properties: { accounts: { type: 'array', items: { $ref: 'Account#' } } } } as const;
