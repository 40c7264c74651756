// The type of a route family: an encapsulated Fastify plugin, registered with the service context,
// whose handlers' request and reply types come from their JSON schemas (json-schema-to-ts, through
// Fastify's type provider). `References` are the shared schemas (`$ref: 'Token#'` …) the family's
// answers use, so that those answers are typed too; `$ref: 'AivenError#'` stays unresolved, which
// leaves the handlers' return type the success bodies only (errors are thrown, never returned).
import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import type { JSONSchema } from 'json-schema-to-ts';
import type { FamilyOptions } from '../context.js';

export type FamilyPlugin<
  References extends Array<JSONSchema & { readonly $id: string }> = [],
  Options extends FamilyOptions = FamilyOptions,
> = FastifyPluginAsyncJsonSchemaToTs<{
  Options: Options;
  SerializerSchemaOptions: { references: References };
}>;

/**
 * 204 with no body at all. The typed `send` would want the schema's `null`, which Fastify would
 * serialize with a JSON Content-Type: `send()` with no payload is the answer the API gives.
 */
export function noContent<Reply extends { code(status: 204): unknown }>(reply: Reply): Reply {
  (reply.code(204) as { send(): unknown }).send();
  return reply;
}
