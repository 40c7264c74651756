// Response serializers compiled on first use instead of at start. Fastify compiles one
// fast-json-stringify function per route and documented status (every route documents its error
// answers: about 300 of them) before it listens; that was the largest single part of a restart
// (~430 ms of ~2.4 s in a CPU profile of `tessera serve`), most of them for answers a node may never
// give. Compiled lazily, each costs a few milliseconds the first time its route answers with it.
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

type Factory = ReturnType<typeof SerializerSelector>;

/** The default serializer factory, each route's serializer built on its first call. */
export function lazySerializers(factory: Factory = SerializerSelector()): Factory {
  return (externalSchemas, options) => {
    const compile = factory(externalSchemas, options);
    return (route) => {
      let serialize: ((doc: unknown) => string) | undefined;
      return (doc) => (serialize ??= compile(route))(doc);
    };
  };
}
