import type { Model, SchemaDefinition } from '../schema/schema.js';
import type { OperationContext } from '../resource/operation-context.js';

/**
 * Read a data source: look the object up from `config` and return the full result. Configured values
 * must come back unchanged; computed ones filled in (left-out attributes keep the config's value).
 */
export interface DataSourceReadRequest<S extends SchemaDefinition<any, any>, P> extends OperationContext<P> {
  config: Model<S>;
}

export type DataSourceReadResponse<S extends SchemaDefinition<any, any>> = Partial<Model<S>> | undefined;
