/** A data source: a schema and a read (in read.ts). Reads are bounded by the `timeouts.read` value or 20m. */
import type { ValidateConfigRequest } from '../resource/validate-config.js';
import type { SchemaDefinition } from '../schema/schema.js';
import type { ConfigValidator } from '../validators/validator.js';
import type { DataSourceReadRequest, DataSourceReadResponse } from './read.js';

type Awaitable<T> = T | Promise<T>;

export interface DataSource<S extends SchemaDefinition<any, any> = SchemaDefinition<any, any>, P = any> {
  typeName: string;
  schema: S;
  configValidators?: ConfigValidator[];
  validateConfig?(req: ValidateConfigRequest<S>): Awaitable<void>;
  read(req: DataSourceReadRequest<S, P>): Awaitable<DataSourceReadResponse<S>>;
}

export function defineDataSource<S extends SchemaDefinition<any, any>, P>(d: DataSource<S, P>): DataSource<S, P> {
  return d;
}
