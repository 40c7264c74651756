// The audit trail of an organization: GET /v1/organization/{organization_id}/events, oldest first,
// a page at a time (`after` = the last event_id seen). For the instance admin and the organization's
// super admins; scope accounts:read.
// The instance's trail: GET /v1/events, every event of every organization, and the events of none
// (admin_token.rotated: a node started with a new TESSERA_BOOTSTRAP_TOKEN), for the instance admin only. A deleted organization's events
// stay in the trail (until the retention prunes them) but its own path answers 404 like every path
// under a deleted resource, so they are read here, with organization_id=.
import { DEFAULT_EVENTS_PAGE } from '../../../domain/events-page.js';
import type { FamilyPlugin } from '../family-plugin.js';
import { orgParams } from '../shared-schemas.js';
import { eventSchema, eventsPageSchema, eventsQuery, instanceEventsQuery } from './event-schemas.js';
import { requireInstanceAdmin } from '../../auth/authorize.js';
import type { AuditEvent } from '../../../store/records.js';
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
      return eventsPage(events, after);
    },
  );

  app.get(
    '/v1/events',
    {
      config: { scope: 'accounts:read' },
      schema: {
        tags: ['audit events'],
        summary: "Audit events of the whole instance (deleted organizations' too), oldest first; instance admin only",
        querystring: instanceEventsQuery,
        response: { 200: eventsPageSchema },
      },
    },
    async (request) => {
      const { after, action, target, organization_id } = request.query;
      const limit = request.query.limit === undefined ? DEFAULT_EVENTS_PAGE : Number(request.query.limit);
      requireInstanceAdmin(request.principal, "read the instance's audit events");
      const events = await ctx.store.listEvents({ organizationId: organization_id, after, limit, action, target });
      return eventsPage(events, after);
    },
  );
};

function eventsPage(events: readonly AuditEvent[], after: string | undefined) {
  return {
    events: events.map(eventJson),
    next_cursor: events.length > 0 ? events[events.length - 1].eventId : (after ?? null),
  };
}
