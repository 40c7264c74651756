import type { Diagnostics } from '../diagnostics.js';
import type { Model, Planned, SchemaDefinition } from '../schema/schema.js';

/**
 * Optional last say over a plan, after defaults and plan modifiers. `plan` is null when the resource is
 * being destroyed; `state` is null when it is being created. Change `plan` in place; add attribute
 * names to `requiresReplace` to force replacement.
 */
export interface ModifyPlanRequest<S extends SchemaDefinition<any, any>, P> {
  plan: Planned<S> | null;
  state: Model<S> | null;
  config: Planned<S> | null;
  providerData: P | undefined;
  diagnostics: Diagnostics;
  requiresReplace: string[][];
}
