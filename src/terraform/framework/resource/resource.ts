/**
 * A managed resource: a type name, a schema, and the lifecycle verbs (each verb's request type lives
 * in its own file: create.ts, read.ts, update.ts, delete.ts, import-state.ts). See ../index.ts for a
 * complete example.
 */
import type { ConfigValidator } from '../validators/validator.js';
import type { SchemaDefinition } from '../schema/schema.js';
import type { CreateRequest, CreateResponse } from './create.js';
import type { DeleteRequest } from './delete.js';
import type { ImportStateRequest, ImportStateResponse } from './import-state.js';
import type { ModifyPlanRequest } from './modify-plan.js';
import type { ReadRequest, ReadResponse } from './read.js';
import type { UpdateRequest, UpdateResponse } from './update.js';
import type { ValidateConfigRequest } from './validate-config.js';

type Awaitable<T> = T | Promise<T>;

export interface Resource<S extends SchemaDefinition<any, any> = SchemaDefinition<any, any>, P = any> {
  /** Full type name, e.g. `aiven_organization`. */
  typeName: string;
  schema: S;
  configValidators?: ConfigValidator[];
  validateConfig?(req: ValidateConfigRequest<S>): Awaitable<void>;
  modifyPlan?(req: ModifyPlanRequest<S, P>): Awaitable<void>;
  create(req: CreateRequest<S, P>): Awaitable<CreateResponse<S>>;
  read(req: ReadRequest<S, P>): Awaitable<ReadResponse<S>>;
  /** Without update, every change must force replacement (use requiresReplace on every setting). */
  update?(req: UpdateRequest<S, P>): Awaitable<UpdateResponse<S>>;
  delete(req: DeleteRequest<S, P>): Awaitable<void>;
  /** Without importState, `terraform import` answers "Resource Import Not Implemented". */
  importState?(req: ImportStateRequest<P>): Awaitable<ImportStateResponse<S>>;
}

/** Identity function that checks a resource definition against its schema's types. */
export function defineResource<S extends SchemaDefinition<any, any>, P>(resource: Resource<S, P>): Resource<S, P> {
  return resource;
}
