// The audit trail of an organization: GET /v1/organization/{organization_id}/events, oldest first,
// a page at a time (`after` = the last event_id seen). For the instance admin and the organization's
// super admins; scope accounts:read.
import { DEFAULT_EVENTS_PAGE } from '../../../domain/events-page.js';
import type { FamilyPlugin } from '../family-plugin.js';
import { orgParams } from '../shared-schemas.js';
import { eventSchema, eventsPageSchema, eventsQuery } from './event-schemas.js';
import { eventJson } from '../../audit/audit-event.js';
import { administeredOrganization } from '../../operations/organizations.js';

/** An encapsulated Fastify plugin: registered under /v1 with the service context. */
export const eventRoutes: FamilyPlugin<[typeof eventSchema]> = async (app, { ctx }) => {
  app.get(
    '/v1/organization/:organization_id/events',
    {
      config: { scope: 'accounts:read' },
      schema: {
        tags: ['audit events'],
        summary: 'Audit events of an organization, oldest first; page with after=<next_cursor>',
        params: orgParams, querystring: eventsQuery,
        response: { 200: eventsPageSchema },
      },
    },
    async (request) => {
      const { organization_id } = request.params;
      const { after, action, target } = request.query;
      // 1 to MAX_EVENTS_PAGE: the schema's pattern admits nothing else
      const limit = request.query.limit === undefined ? DEFAULT_EVENTS_PAGE : Number(request.query.limit);
      await administeredOrganization(ctx.store, request.principal, organization_id);
      const events = await ctx.store.listEvents({ organizationId: organization_id, after, limit, action, target });
      return {
        events: events.map(eventJson),
        next_cursor: events.length > 0 ? events[events.length - 1].eventId : (after ?? null),
      };
    },
  );
};
