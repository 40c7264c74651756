// The OpenAPI 3.1 document (/openapi.json), generated from the route schemas by @fastify/swagger,
// and a browsable reference (/docs, Swagger UI). Must be installed before the routes it describes, and
// on the root instance, not as an encapsulated plugin like the families: @fastify/swagger sees the
// routes of the context it is registered in and its children, so it must sit at the root to see them all.
import type { FastifyInstance } from 'fastify';
import { addOperationIdsAndLinks } from '../../openapi-links.js';
import { describeCheckedRules } from '../../openapi-constraints.js';
import { TESSERA_VERSION } from '../../../version.js';

export async function documentationRoutes(app: FastifyInstance): Promise<void> {
  const { default: swagger } = await import('@fastify/swagger');
  const { default: swaggerUi } = await import('@fastify/swagger-ui');
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tessera token service',
        description:
          'Organizations, application users and their API tokens, with Aiven-compatible paths and shapes. ' +
          "Authenticate with 'Authorization: aivenv1 <token>' (or 'Bearer <token>'). Errors use the Aiven error body.",
        version: TESSERA_VERSION,
      },
      components: {
        securitySchemes: {
          aivenv1: { type: 'apiKey', in: 'header', name: 'Authorization', description: "'aivenv1 <token>' or 'Bearer <token>'" },
        },
      },
    },
    // operation ids and links (organization → user → token → list → revoke) for clients and stateful testing
    // and the rules the server checks in code (scopes, ip_allowlist, max_age_seconds)
    transformObject: (documents) =>
      describeCheckedRules(addOperationIdsAndLinks('openapiObject' in documents ? documents.openapiObject : documents.swaggerObject)),
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
