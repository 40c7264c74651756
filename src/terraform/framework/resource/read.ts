import type { Model, SchemaDefinition } from '../schema/schema.js';
import type { OperationContext } from './operation-context.js';

/**
 * Read (refresh): return the object's current state, or null when it no longer exists — terraform
 * then removes it from state and plans to create it again (add a warning saying so). Attributes left
 * out keep their prior value. After an import, only what importState returned is set.
 */
export interface ReadRequest<S extends SchemaDefinition<any, any>, P> extends OperationContext<P> {
  state: Model<S>;
}

export type ReadResponse<S extends SchemaDefinition<any, any>> = Partial<Model<S>> | null | undefined;
