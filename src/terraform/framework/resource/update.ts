import type { Model, Planned, SchemaDefinition } from '../schema/schema.js';
import type { OperationContext } from './operation-context.js';

/**
 * Update in place: bring the object from `state` to `plan` and return the new state (same rules as
 * create: known planned values unchanged, unknown ones filled in; left-out attributes keep the plan).
 */
export interface UpdateRequest<S extends SchemaDefinition<any, any>, P> extends OperationContext<P> {
  plan: Planned<S>;
  state: Model<S>;
  config: Planned<S>;
}

export type UpdateResponse<S extends SchemaDefinition<any, any>> = Partial<Model<S>> | undefined;
