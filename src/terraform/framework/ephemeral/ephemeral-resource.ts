/** An ephemeral resource: schema + open (open.ts), optional renew (renew.ts) and close (close.ts). */
import type { ValidateConfigRequest } from '../resource/validate-config.js';
import type { SchemaDefinition } from '../schema/schema.js';
import type { ConfigValidator } from '../validators/validator.js';
import type { CloseRequest } from './close.js';
import type { OpenRequest, OpenResponse } from './open.js';
import type { RenewRequest, RenewResponse } from './renew.js';

type Awaitable<T> = T | Promise<T>;

export interface EphemeralResource<S extends SchemaDefinition<any, any> = SchemaDefinition<any, any>, P = any, Priv = any> {
  typeName: string;
  schema: S;
  configValidators?: ConfigValidator[];
  validateConfig?(req: ValidateConfigRequest<S>): Awaitable<void>;
  open(req: OpenRequest<S, P>): Awaitable<OpenResponse<S, Priv> | undefined>;
  renew?(req: RenewRequest<P, Priv>): Awaitable<RenewResponse<Priv> | undefined>;
  close?(req: CloseRequest<P, Priv>): Awaitable<void>;
}

export function defineEphemeralResource<S extends SchemaDefinition<any, any>, P, Priv>(
  e: EphemeralResource<S, P, Priv>,
): EphemeralResource<S, P, Priv> {
  return e;
}
