import type { Diagnostics } from '../diagnostics.js';
import type { Planned, SchemaDefinition } from '../schema/schema.js';

/**
 * Config validation beyond per-attribute validators (which the framework runs itself). Values may be
 * unknown here, and the provider is not configured yet: no API calls.
 */
export interface ValidateConfigRequest<S extends SchemaDefinition<any, any>> {
  typeName: string;
  config: Planned<S>;
  diagnostics: Diagnostics;
}
