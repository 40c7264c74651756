// The application users family's schemas: the ApplicationUser object (a shared schema, registered by
// app.ts as `ApplicationUser#`) and the bodies of create and update.
import { name, time } from '../shared-schemas.js';

export const userSchema = {
  $id: 'ApplicationUser',
  type: 'object',
  properties: {
    user_id: { type: 'string' },
    name: { type: 'string' },
    user_email: { type: 'string' },
    is_super_admin: { type: 'boolean' },
    create_time: time,
  },
  required: ['user_id', 'name', 'user_email', 'is_super_admin', 'create_time'],
} as const;

export const createUserBody = {
  type: 'object',
  additionalProperties: false,
  properties: { name, is_super_admin: { type: 'boolean' } },
  required: ['name'],
} as const;

export const updateUserBody = {
  type: 'object',
  additionalProperties: false,
  properties: { name, is_super_admin: { type: 'boolean' } },
} as const;

export const usersPageSchema = {
  type: 'object',
  properties: { application_users: { type: 'array', items: { $ref: 'ApplicationUser#' } } },
} as const;
