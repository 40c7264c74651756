import type { Model, SchemaDefinition } from '../schema/schema.js';
import type { OperationContext } from './operation-context.js';

/**
 * Delete: remove the object. Already gone is success. With an error diagnostic the object stays in
 * state.
 */
export interface DeleteRequest<S extends SchemaDefinition<any, any>, P> extends OperationContext<P> {
  state: Model<S>;
}
