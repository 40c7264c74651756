import type { Model, SchemaDefinition } from '../schema/schema.js';
import type { OperationContext } from '../resource/operation-context.js';

/**
 * Open an ephemeral resource (terraform ≥ 1.10): produce a value that is used during this run and never
 * stored in state or plan. `private` is kept by terraform (as JSON) and handed to renew and close — put
 * what close needs there (e.g. the IDs to revoke). `renewAt` asks terraform to call renew before then.
 */
export interface OpenRequest<S extends SchemaDefinition<any, any>, P> extends OperationContext<P> {
  config: Model<S>;
}

export interface OpenResponse<S extends SchemaDefinition<any, any>, Priv> {
  result: Partial<Model<S>>;
  private?: Priv;
  renewAt?: Date;
}
