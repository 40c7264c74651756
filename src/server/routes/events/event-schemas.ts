// The audit events family's schemas: the AuditEvent object (a shared schema, registered by app.ts as
// `AuditEvent#`), the page query and the page.
import { EVENT_ID_PATTERN } from '../../../domain/event-id.js';
import { EVENTS_LIMIT_DESCRIPTION, EVENTS_LIMIT_PATTERN } from '../../../domain/events-page.js';
import { MAX_PATH_ID_LENGTH, nullableString, time } from '../shared-schemas.js';

export const eventSchema = {
  $id: 'AuditEvent',
  type: 'object',
  properties: {
    event_id: { type: 'string', description: 'Time-ordered; pass the last one seen as `after` to read on.' },
    time,
    organization_id: nullableString,
    actor: { type: 'string', description: "An application user id, 'admin' (the instance admin) or 'token_holder' (POST /v1/token/revoke)." },
    actor_token_prefix: nullableString,
    action: { type: 'string', description: 'e.g. token.created, token.rotated, token.revoked_by_holder, token.used_from_new_ip' },
    target: nullableString,
    ip: nullableString,
    user_agent: nullableString,
    details: { type: ['object', 'null'], additionalProperties: true },
  },
  required: ['event_id', 'time', 'organization_id', 'actor', 'actor_token_prefix', 'action', 'target', 'ip', 'user_agent', 'details'],
} as const;

/** Query strings arrive as text (no type coercion): numbers are checked by pattern. */
export const eventsQuery = {
  type: 'object',
  properties: {
    after: { type: 'string', pattern: EVENT_ID_PATTERN, description: 'Only events after this event_id (the cursor)' },
    // the pattern is the whole range, so that the document says exactly which values are accepted
    limit: { type: 'string', pattern: EVENTS_LIMIT_PATTERN, description: EVENTS_LIMIT_DESCRIPTION },
    action: { type: 'string', maxLength: 100, description: 'Only this action, e.g. token.rotated' },
    target: { type: 'string', maxLength: 200, description: 'Only this target: a user id, token prefix or organization id' },
  },
} as const;

/** The instance's trail: the same query, and an organization to narrow it to (which may be deleted). */
export const instanceEventsQuery = {
  type: 'object',
  properties: {
    ...eventsQuery.properties,
    organization_id: {
      type: 'string',
      minLength: 1,
      maxLength: MAX_PATH_ID_LENGTH,
      description: "Only this organization's events, also when the organization has been deleted",
    },
  },
} as const;

export const eventsPageSchema = {
  type: 'object',
  properties: {
    events: { type: 'array', items: { $ref: 'AuditEvent#' } },
    next_cursor: { type: ['string', 'null'], description: 'The event_id to pass as `after` for the next page (the last one returned, else `after` as given).' },
  },
  required: ['events', 'next_cursor'],
} as const;
