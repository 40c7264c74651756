import type { Diagnostics } from '../diagnostics.js';
import type { Planned, SchemaDefinition } from '../schema/schema.js';

/**
 * Configure the provider from its `provider "…" {}` block (values may be unknown when they come from
 * resources not yet created). Return what resources receive as `providerData` (e.g. an API client);
 * add an error diagnostic when the configuration cannot work, e.g. a missing credential.
 */
export interface ConfigureRequest<S extends SchemaDefinition<any, any>> {
  config: Planned<S>;
  terraformVersion: string;
  diagnostics: Diagnostics;
}
