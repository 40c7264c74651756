import type { Model, Planned, SchemaDefinition } from '../schema/schema.js';
import type { OperationContext } from './operation-context.js';

/**
 * Create: make the object the plan describes and return its full state. Every attribute known in
 * `plan` must come back unchanged; every unknown one (computed) must come back known. Attributes left
 * out of the returned object keep their planned value (so `timeouts` needs no handling).
 * On failure add an error and return undefined — or, if something was created, return its state
 * too, so terraform keeps track of it (it is marked tainted).
 */
export interface CreateRequest<S extends SchemaDefinition<any, any>, P> extends OperationContext<P> {
  plan: Planned<S>;
  config: Planned<S>;
}

export type CreateResponse<S extends SchemaDefinition<any, any>> = Partial<Model<S>> | undefined;
