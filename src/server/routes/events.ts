// The audit trail of an organization: GET /v1/organization/{organization_id}/events, oldest first,
// a page at a time (`after` = the last event_id seen). For the instance admin and the organization's
// super admins; scope accounts:read.
import type { FastifyInstance } from 'fastify';
import type { FamilyOptions } from '../context.js';
import { errorResponses, eventsPageSchema, eventsQuery, orgParams } from '../schemas.js';
import { eventJson } from '../audit/audit-event.js';
import { administeredOrganization } from '../operations/organizations.js';

const DEFAULT_EVENTS_PAGE = 100;

interface EventsQuery {
  after?: string;
  limit?: string;
  action?: string;
  target?: string;
}

/** An encapsulated Fastify plugin: registered under /v1 with the service context. */
export async function eventRoutes(app: FastifyInstance, { ctx }: FamilyOptions): Promise<void> {
  app.get<{ Params: { organization_id: string }; Querystring: EventsQuery }>(
    '/v1/organization/:organization_id/events',
    {
      config: { scope: 'accounts:read' },
      schema: {
        tags: ['audit events'], security: [{ aivenv1: [] }],
        summary: 'Audit events of an organization, oldest first; page with after=<next_cursor>',
        params: orgParams, querystring: eventsQuery,
        response: { 200: eventsPageSchema, ...errorResponses },
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
}
