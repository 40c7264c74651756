// Unauthenticated operational endpoints: /healthz (the process answers), /readyz (the database
// answers and we are not shutting down), /metrics (Prometheus text).
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ServiceContext } from '../context.js';
import { errorBody } from '../errors.js';

export function operationsRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.get(
    '/healthz',
    { schema: { tags: ['operations'], summary: 'Liveness', response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } } },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Readiness: database reachable, not shutting down',
        // documented, or the 503 answers added to every route would make 200 look undocumented
        response: { 200: { type: 'object', properties: { status: { type: 'string' } } } },
      },
    },
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
    {
      schema: {
        tags: ['operations'],
        summary: 'Prometheus metrics (text exposition format)',
        response: { 200: { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } } },
      },
    },
    async (_request, reply) => {
      reply.type('text/plain; version=0.0.4; charset=utf-8');
      return ctx.metrics.render({
        lastUsePending: ctx.lastUse.pendingCount,
        lastUseWrites: ctx.lastUse.writes,
        sightingWrites: ctx.lastUse.sightingWrites,
        lastUseDropped: ctx.lastUse.dropped,
        verificationCacheEntries: ctx.cache.size,
      });
    },
  );
}
