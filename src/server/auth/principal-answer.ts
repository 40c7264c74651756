// A route whose 200 answer follows from the caller's principal alone (GET /v1/me) serializes it once per
// principal instead of on every request. A principal object lives exactly as long as the cached
// verification it was made from (TokenVerifier makes it on the entry's first use; invalidating the
// token, its user or its organization drops the entry, and the next request makes a new one), so the
// answer cached here is always the one the handler would build now. Keyed weakly: it goes when the
// entry goes.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from './principal.js';

/** What Fastify itself sends with a serialized object. */
const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * The route handler: builds the answer with `build` on a principal's first request and serializes it
 * with the route's own response schema (reply.serialize: the same serializer, and so the same fields,
 * as for a returned object); later requests send that text.
 */
export function answerPerPrincipal<Answer>(build: (principal: Principal) => Answer) {
  const answers = new WeakMap<Principal, ReturnType<FastifyReply['serialize']>>();
  return function handler(request: FastifyRequest, reply: FastifyReply): void {
    const principal = request.principal;
    let body = answers.get(principal);
    if (body === undefined) {
      body = reply.serialize(build(principal));
      answers.set(principal, body);
    }
    reply.header('content-type', JSON_TYPE).send(body);
  };
}
