/**
 * The ProviderServer the protocol layer serves, implemented over a {@link Provider} definition. It keeps
 * the registry of resource, data-source and ephemeral types, answers the schema and metadata RPCs,
 * configures and stops the provider, and hands every other RPC to its family: resource-rpcs.ts,
 * data-source-rpcs.ts and ephemeral-rpcs.ts, which share one {@link CallScope} (decode, encode, guard,
 * deadlines, providerData). Resource code never sees msgpack.
 */
import type * as tf from '../../protocol/types.js';
import type { CtyValue, DynamicValue } from '../../protocol/types.js';
import type { DataSource } from '../datasource/data-source.js';
import { Diagnostics } from '../diagnostics.js';
import type { EphemeralResource } from '../ephemeral/ephemeral-resource.js';
import type { Provider } from '../provider/provider.js';
import type { Resource } from '../resource/resource.js';
import { toProtocolSchema } from '../schema/schema.js';
import { CallScope, type Typed } from './call-scope.js';
import { DataSourceRpcs } from './data-source-rpcs.js';
import { EphemeralRpcs } from './ephemeral-rpcs.js';
import { reportThrown } from './error-diagnostics.js';
import { ResourceRpcs } from './resource-rpcs.js';
import { validateAttributes } from './validate-attributes.js';

export function createFrameworkProviderServer(provider: Provider): tf.ProviderServer {
  return new FrameworkProviderServer(provider);
}

class FrameworkProviderServer implements tf.ProviderServer {
  private readonly resources = new Map<string, Resource>();
  private readonly dataSources = new Map<string, DataSource>();
  private readonly ephemerals = new Map<string, EphemeralResource>();
  private readonly scope: CallScope;
  private readonly resourceRpcs: ResourceRpcs;
  private readonly dataSourceRpcs: DataSourceRpcs;
  private readonly ephemeralRpcs: EphemeralRpcs;
  private schemaResponse?: tf.GetProviderSchemaResponse;

  constructor(private readonly provider: Provider) {
    for (const r of provider.resources) this.register(this.resources, r, 'resource');
    for (const d of provider.dataSources ?? []) this.register(this.dataSources, d, 'data source');
    for (const e of provider.ephemeralResources ?? []) this.register(this.ephemerals, e, 'ephemeral resource');
    this.scope = new CallScope(provider);
    this.resourceRpcs = new ResourceRpcs(this.scope, this.resources);
    this.dataSourceRpcs = new DataSourceRpcs(this.scope, this.dataSources);
    this.ephemeralRpcs = new EphemeralRpcs(this.scope, this.ephemerals);
  }

  private register<T extends Typed>(map: Map<string, T>, item: T, what: string): void {
    if (map.has(item.typeName)) throw new Error(`provider ${this.provider.typeName}: ${what} ${item.typeName} is declared twice`);
    map.set(item.typeName, item);
  }

  // ---- schema and metadata --------------------------------------------------------------------------

  async getMetadata(): Promise<tf.GetMetadataResponse> {
    return {
      serverCapabilities: capabilities,
      diagnostics: [],
      resources: [...this.resources.keys()].map((typeName) => ({ typeName })),
      dataSources: [...this.dataSources.keys()].map((typeName) => ({ typeName })),
      ephemeralResources: [...this.ephemerals.keys()].map((typeName) => ({ typeName })),
      functions: [],
    };
  }

  async getProviderSchema(): Promise<tf.GetProviderSchemaResponse> {
    this.schemaResponse ??= {
      provider: toProtocolSchema(this.provider.schema),
      resourceSchemas: mapSchemas(this.resources),
      dataSourceSchemas: mapSchemas(this.dataSources),
      ephemeralResourceSchemas: mapSchemas(this.ephemerals),
      serverCapabilities: capabilities,
      diagnostics: [],
    };
    return this.schemaResponse;
  }

  async getResourceIdentitySchemas(): Promise<tf.GetResourceIdentitySchemasResponse> {
    return { identitySchemas: {}, diagnostics: [] };
  }

  // ---- provider configuration and lifetime ----------------------------------------------------------

  async validateProviderConfig(req: tf.ValidateProviderConfigRequest): Promise<tf.ValidateProviderConfigResponse> {
    const { provider } = this;
    const diagnostics = await this.withProviderConfig(req.config, async (config, diagnostics) => {
      validateAttributes(provider.schema, config, diagnostics);
      await provider.validateConfig?.({ typeName: provider.typeName, config: config as never, diagnostics });
    });
    return { diagnostics };
  }

  async configureProvider(req: tf.ConfigureProviderRequest): Promise<tf.ConfigureProviderResponse> {
    const { scope, provider } = this;
    const diagnostics = await this.withProviderConfig(req.config, async (config, diagnostics) => {
      try {
        const data = await provider.configure({ config: config as never, terraformVersion: req.terraformVersion, diagnostics });
        if (!diagnostics.hasErrors()) scope.providerData = data;
      } catch (err) {
        reportThrown(err, 'configure', provider.typeName, provider, diagnostics);
      }
    });
    return { diagnostics };
  }

  /** Both provider-configuration RPCs: decode the configuration inside the guard, then `fn` with it. */
  private async withProviderConfig(dv: DynamicValue, fn: (config: CtyValue, diagnostics: Diagnostics) => Promise<void>): Promise<tf.Diagnostic[]> {
    const diagnostics = new Diagnostics();
    await this.scope.guard(diagnostics, async () => {
      const config = this.scope.decode(dv, this.provider.schema, diagnostics, 'provider configuration');
      if (config !== undefined) await fn(config, diagnostics);
    });
    return diagnostics.items;
  }

  async stopProvider(): Promise<tf.StopProviderResponse> {
    this.scope.stopSignal.stop();
    try {
      await this.provider.stop?.();
    } catch (err) {
      return { error: `stopping the ${this.provider.typeName} provider: ${(err as Error).message}` };
    }
    return { error: '' };
  }

  async shutdown(): Promise<void> {
    await this.provider.shutdown?.();
  }

  // ---- the RPC families -----------------------------------------------------------------------------

  validateResourceConfig(req: tf.ValidateResourceConfigRequest) {
    return this.resourceRpcs.validateResourceConfig(req);
  }
  upgradeResourceState(req: tf.UpgradeResourceStateRequest) {
    return this.resourceRpcs.upgradeResourceState(req);
  }
  readResource(req: tf.ReadResourceRequest) {
    return this.resourceRpcs.readResource(req);
  }
  planResourceChange(req: tf.PlanResourceChangeRequest) {
    return this.resourceRpcs.planResourceChange(req);
  }
  applyResourceChange(req: tf.ApplyResourceChangeRequest) {
    return this.resourceRpcs.applyResourceChange(req);
  }
  importResourceState(req: tf.ImportResourceStateRequest) {
    return this.resourceRpcs.importResourceState(req);
  }
  moveResourceState(req: tf.MoveResourceStateRequest) {
    return this.resourceRpcs.moveResourceState(req);
  }

  validateDataResourceConfig(req: tf.ValidateDataResourceConfigRequest) {
    return this.dataSourceRpcs.validateDataResourceConfig(req);
  }
  readDataSource(req: tf.ReadDataSourceRequest) {
    return this.dataSourceRpcs.readDataSource(req);
  }

  validateEphemeralResourceConfig(req: tf.ValidateEphemeralResourceConfigRequest) {
    return this.ephemeralRpcs.validateEphemeralResourceConfig(req);
  }
  openEphemeralResource(req: tf.OpenEphemeralResourceRequest) {
    return this.ephemeralRpcs.openEphemeralResource(req);
  }
  renewEphemeralResource(req: tf.RenewEphemeralResourceRequest) {
    return this.ephemeralRpcs.renewEphemeralResource(req);
  }
  closeEphemeralResource(req: tf.CloseEphemeralResourceRequest) {
    return this.ephemeralRpcs.closeEphemeralResource(req);
  }
}

const capabilities: tf.ServerCapabilities = { planDestroy: true, getProviderSchemaOptional: true, moveResourceState: true };

function mapSchemas(map: Map<string, Typed>): Record<string, tf.Schema> {
  const out: Record<string, tf.Schema> = {};
  for (const [name, item] of map) out[name] = toProtocolSchema(item.schema);
  return out;
}
