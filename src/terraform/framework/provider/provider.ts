/**
 * A provider: its own schema and configure (configure.ts), the resources, data sources and ephemeral
 * resources it offers, and how errors thrown by their code become diagnostics.
 */
import type { DataSource } from '../datasource/data-source.js';
import type { EphemeralResource } from '../ephemeral/ephemeral-resource.js';
import type { Resource } from '../resource/resource.js';
import type { ValidateConfigRequest } from '../resource/validate-config.js';
import type { SchemaDefinition } from '../schema/schema.js';
import type { ConfigureRequest } from './configure.js';

type Awaitable<T> = T | Promise<T>;

/** Which lifecycle step failed, for error messages ("Error creating aiven_organization"). */
export type OperationName = 'create' | 'read' | 'update' | 'delete' | 'import' | 'open' | 'renew' | 'close' | 'configure';

/** The -ing form of each operation, for diagnostics such as "Error creating aiven_organization". */
export const OPERATION_VERB: Readonly<Record<OperationName, string>> = {
  create: 'creating',
  read: 'reading',
  update: 'updating',
  delete: 'deleting',
  import: 'importing',
  open: 'opening',
  renew: 'renewing',
  close: 'closing',
  configure: 'configuring',
};

export interface ErrorDescription {
  summary: string;
  detail: string;
}

export interface Provider<S extends SchemaDefinition<any, any> = SchemaDefinition<any, any>, P = any> {
  /** The provider's type name, e.g. `aiven`. */
  typeName: string;
  version: string;
  schema: S;
  validateConfig?(req: ValidateConfigRequest<S>): Awaitable<void>;
  configure(req: ConfigureRequest<S>): Awaitable<P | undefined>;
  resources: Resource<any, P>[];
  dataSources?: DataSource<any, P>[];
  ephemeralResources?: EphemeralResource<any, P, any>[];
  /**
   * Turns an error thrown by resource code into a diagnostic (e.g. quoting an API error's message).
   * Return undefined to use the framework's generic wording.
   */
  describeError?(err: unknown, operation: OperationName, typeName: string): ErrorDescription | undefined;
  /** Terraform asked the provider to stop (an interrupt): release what must not outlive the run. */
  stop?(): Awaitable<void>;
  /** The plugin process is about to exit (GRPCController.Shutdown, SIGTERM): last clean-up, briefly. */
  shutdown?(): Awaitable<void>;
}

export function defineProvider<S extends SchemaDefinition<any, any>, P>(p: Provider<S, P>): Provider<S, P> {
  return p;
}
