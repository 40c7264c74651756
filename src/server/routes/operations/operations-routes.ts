// Unauthenticated operational endpoints: /healthz (the process answers), /readyz (the database
// answers and we are not shutting down), /metrics (Prometheus text).
import type { FastifyReply } from 'fastify';
import type { FamilyPlugin } from '../family-plugin.js';
import { errorBody } from '../../errors.js';
import { metricsTextSchema, statusSchema } from './operations-schemas.js';

const tags = ['operations'];

/** An encapsulated Fastify plugin, outside /v1's authentication: for probes and Prometheus. */
export const operationsRoutes: FamilyPlugin = async (app, { ctx }) => {
  app.get('/healthz', { schema: { tags, summary: 'Liveness', response: { 200: statusSchema } } }, async () => ({ status: 'ok' }));

  // its 200 is documented, or the 503 answers added to every route would make 200 look undocumented
  app.get(
    '/readyz',
    { schema: { tags, summary: 'Readiness: database reachable, not shutting down', response: { 200: statusSchema } } },
    async (request, typedReply) => {
      const reply = typedReply as unknown as FastifyReply; // its 503 answers come from the shared error answers
      if (!ctx.accepting) return reply.code(503).send(errorBody(503, 'shutting_down', 'server is shutting down'));
      try {
        await ctx.store.ping();
        return { status: 'ready' };
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check failed');
        return reply.code(503).send(errorBody(503, 'database_unavailable', 'database is not reachable'));
      }
    },
  );

  app.get(
    '/metrics',
    { schema: { tags, summary: 'Prometheus metrics (text exposition format)', response: { 200: metricsTextSchema } } },
    async (_request, reply) => {
      reply.type('text/plain; version=0.0.4; charset=utf-8');
      return ctx.metrics.render({
        lastUsePending: ctx.lastUse.pendingCount,
        lastUseWrites: ctx.lastUse.writes,
        sightingWrites: ctx.lastUse.sightingWrites,
        lastUseDropped: ctx.lastUse.dropped,
        verificationCacheEntries: ctx.cache.size,
        logLinesDropped: ctx.logOutput?.droppedLines,
        logLinesPending: ctx.logOutput?.pendingLines,
      });
    },
  );
};
