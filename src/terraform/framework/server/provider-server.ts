/**
 * The ProviderServer the protocol layer serves, implemented over a {@link Provider} definition: it
 * decodes DynamicValues with each schema's type, runs validation, the plan logic, the lifecycle verbs
 * with deadlines and StopProvider cancellation, completes and type-checks what resource code returns,
 * enforces plan/apply consistency, and encodes the results. Resource code never sees msgpack.
 */
import {
  decodeDynamicValue,
  decodeRawState,
  encodeDynamicValue,
  isNullDynamicValue,
} from '../../protocol/cty/index.js';
import type * as tf from '../../protocol/types.js';
import { Unknown, type CtyType, type CtyValue, type DynamicValue } from '../../protocol/types.js';
import type { DataSource } from '../datasource/data-source.js';
import { Diagnostics } from '../diagnostics.js';
import type { EphemeralResource } from '../ephemeral/ephemeral-resource.js';
import type { OperationName, Provider } from '../provider/provider.js';
import type { Resource } from '../resource/resource.js';
import { schemaCtyType, toProtocolSchema, type SchemaDefinition } from '../schema/schema.js';
import { timeoutFor, type TimeoutOperation } from '../timeouts/timeouts-block.js';
import { normalizeNumbers, valuesEqual } from '../values.js';
import type { Attributes } from '../schema/blocks.js';
import { checkAppliedAgainstPlan, checkPlanAgainstConfig } from './apply-consistency.js';
import { StopSignal, startOperation, type OperationScope } from './cancellation.js';
import { reportThrown } from './error-diagnostics.js';
import { planChange } from './plan-resource-change.js';
import { validateAttributes } from './validate-attributes.js';
import { completeObject } from './value-conformance.js';

type Obj = Record<string, CtyValue>;
type Typed = { typeName: string; schema: SchemaDefinition<any, any> };

export function createFrameworkProviderServer(provider: Provider): tf.ProviderServer {
  return new FrameworkProviderServer(provider);
}

class FrameworkProviderServer implements tf.ProviderServer {
  private readonly resources = new Map<string, Resource>();
  private readonly dataSources = new Map<string, DataSource>();
  private readonly ephemerals = new Map<string, EphemeralResource>();
  private readonly ctyTypes = new WeakMap<object, CtyType>();
  private readonly stopSignal = new StopSignal();
  private providerData: unknown = undefined;
  private schemaResponse?: tf.GetProviderSchemaResponse;

  constructor(private readonly provider: Provider) {
    for (const r of provider.resources) this.register(this.resources, r, 'resource');
    for (const d of provider.dataSources ?? []) this.register(this.dataSources, d, 'data source');
    for (const e of provider.ephemeralResources ?? []) this.register(this.ephemerals, e, 'ephemeral resource');
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

  // ---- provider configuration -----------------------------------------------------------------------

  async validateProviderConfig(req: tf.ValidateProviderConfigRequest): Promise<tf.ValidateProviderConfigResponse> {
    const diagnostics = new Diagnostics();
    await this.guard(diagnostics, async () => {
      const config = this.decode(req.config, this.provider.schema, diagnostics, 'provider configuration');
      if (config === undefined) return;
      validateAttributes(this.provider.schema, config, diagnostics);
      await this.provider.validateConfig?.({ typeName: this.provider.typeName, config: config as never, diagnostics });
    });
    return { diagnostics: diagnostics.items };
  }

  async configureProvider(req: tf.ConfigureProviderRequest): Promise<tf.ConfigureProviderResponse> {
    const diagnostics = new Diagnostics();
    await this.guard(diagnostics, async () => {
      const config = this.decode(req.config, this.provider.schema, diagnostics, 'provider configuration');
      if (config === undefined) return;
      try {
        const data = await this.provider.configure({ config: config as never, terraformVersion: req.terraformVersion, diagnostics });
        if (!diagnostics.hasErrors()) this.providerData = data;
      } catch (err) {
        reportThrown(err, 'configure', this.provider.typeName, this.provider, diagnostics);
      }
    });
    return { diagnostics: diagnostics.items };
  }

  async stopProvider(): Promise<tf.StopProviderResponse> {
    this.stopSignal.stop();
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

  // ---- managed resources ----------------------------------------------------------------------------

  async validateResourceConfig(req: tf.ValidateResourceConfigRequest): Promise<tf.ValidateResourceConfigResponse> {
    return { diagnostics: await this.validateConfigOf(this.resources, 'resource', req.typeName, req.config) };
  }

  async upgradeResourceState(req: tf.UpgradeResourceStateRequest): Promise<tf.UpgradeResourceStateResponse> {
    const diagnostics = new Diagnostics();
    let upgradedState: DynamicValue | undefined;
    await this.guard(diagnostics, async () => {
      const resource = this.lookup(this.resources, 'resource', req.typeName, diagnostics);
      if (!resource) return;
      const version = resource.schema.version ?? 0;
      if (req.version > version) {
        diagnostics.addError(
          'Unable to Upgrade Resource State',
          `The state of ${req.typeName} was written by a newer provider (schema version ${req.version}; this provider knows up to ${version}). Use that provider version or newer.`,
        );
        return;
      }
      let value: CtyValue;
      try {
        value = decodeRawState(req.rawState, this.typeOf(resource.schema));
      } catch (err) {
        diagnostics.addError('Unable to Read Prior State', `The stored state of ${req.typeName} could not be read: ${(err as Error).message}`);
        return;
      }
      // Always answer with a state: an empty one makes terraform treat the object as gone.
      upgradedState = this.encode(value, resource.schema);
    });
    return { upgradedState, diagnostics: diagnostics.items };
  }

  async readResource(req: tf.ReadResourceRequest): Promise<tf.ReadResourceResponse> {
    const diagnostics = new Diagnostics();
    // On any failure, answer with the current state so terraform does not forget the object.
    let newState: DynamicValue = req.currentState;
    await this.guard(diagnostics, async () => {
      const resource = this.lookup(this.resources, 'resource', req.typeName, diagnostics);
      if (!resource) return;
      const state = this.decode(req.currentState, resource.schema, diagnostics, 'prior state');
      if (state === undefined || state === null) return;
      const result = await this.run('read', resource.typeName, timeoutFor(state, 'read'), diagnostics, (ctx) =>
        resource.read({ ...ctx, state: state as never }),
      );
      if (result === null && !diagnostics.hasErrors()) {
        newState = this.encode(null, resource.schema);
        return;
      }
      if (!result) return;
      const completed = completeObject(result, state, this.typeOf(resource.schema), diagnostics, 'state after read');
      if (completed !== undefined) newState = this.encode(completed, resource.schema);
    });
    return { newState, diagnostics: diagnostics.items, private: req.private };
  }

  async planResourceChange(req: tf.PlanResourceChangeRequest): Promise<tf.PlanResourceChangeResponse> {
    const diagnostics = new Diagnostics();
    let plannedState: DynamicValue | undefined;
    let requiresReplace: tf.AttributePath[] = [];
    await this.guard(diagnostics, async () => {
      const resource = this.lookup(this.resources, 'resource', req.typeName, diagnostics);
      if (!resource) return;
      const prior = this.decode(req.priorState, resource.schema, diagnostics, 'prior state');
      const proposed = this.decode(req.proposedNewState, resource.schema, diagnostics, 'proposed new state');
      const config = this.decode(req.config, resource.schema, diagnostics, 'configuration');
      if (prior === undefined || proposed === undefined || config === undefined) return;

      const change = planChange(resource.schema, prior, proposed, config, diagnostics);
      if (resource.modifyPlan) {
        const hookReplace: string[][] = [];
        await resource.modifyPlan({
          plan: change.planned as never,
          state: prior as never,
          config: config as never,
          providerData: this.providerData,
          diagnostics,
          requiresReplace: hookReplace,
        });
        change.requiresReplace.push(...hookReplace.map((p) => p.map((attributeName) => ({ attributeName }))));
      }
      if (change.planned !== null) {
        checkPlanAgainstConfig(resource.schema, change.planned as Obj, (config ?? {}) as Obj, req.typeName, diagnostics);
        const updating = prior !== null && change.requiresReplace.length === 0;
        if (updating && !resource.update && hasChange(prior, change.planned)) {
          diagnostics.addProviderBug(
            'Resource Update Not Implemented',
            `${req.typeName} has no update, yet the plan changes it in place. Every configurable attribute needs requiresReplace().`,
          );
        }
      }
      plannedState = this.encode(change.planned, resource.schema);
      requiresReplace = change.requiresReplace;
    });
    return { plannedState, requiresReplace, plannedPrivate: req.priorPrivate, diagnostics: diagnostics.items };
  }

  async applyResourceChange(req: tf.ApplyResourceChangeRequest): Promise<tf.ApplyResourceChangeResponse> {
    const diagnostics = new Diagnostics();
    let newState: DynamicValue | undefined;
    await this.guard(diagnostics, async () => {
      const resource = this.lookup(this.resources, 'resource', req.typeName, diagnostics);
      if (!resource) return;
      const prior = this.decode(req.priorState, resource.schema, diagnostics, 'prior state');
      const planned = this.decode(req.plannedState, resource.schema, diagnostics, 'planned state');
      const config = this.decode(req.config, resource.schema, diagnostics, 'configuration');
      if (prior === undefined || planned === undefined || config === undefined) return;
      const type = this.typeOf(resource.schema);

      if (planned === null) {
        // Destroy. On failure the object stays in state.
        newState = req.priorState;
        if (prior === null) return;
        await this.run('delete', req.typeName, timeoutFor(prior, 'delete'), diagnostics, (ctx) =>
          resource.delete({ ...ctx, state: prior as never }),
        );
        if (!diagnostics.hasErrors()) newState = this.encode(null, resource.schema);
        return;
      }

      const creating = prior === null;
      if (!creating && !resource.update) {
        diagnostics.addProviderBug('Resource Update Not Implemented', `${req.typeName} cannot be updated in place.`);
        newState = req.priorState;
        return;
      }
      const operation: TimeoutOperation = creating ? 'create' : 'update';
      const result = await this.run(operation, req.typeName, timeoutFor(planned, operation), diagnostics, (ctx) =>
        creating
          ? resource.create({ ...ctx, plan: planned as never, config: config as never })
          : resource.update!({ ...ctx, plan: planned as never, state: prior as never, config: config as never }),
      );
      if (!result) {
        if (!diagnostics.hasErrors()) {
          diagnostics.addProviderBug(`Missing Resource State After ${creating ? 'Create' : 'Update'}`, `${req.typeName}'s ${operation} returned no state and no error.`);
        }
        // Nothing created: no state; a failed update keeps the prior state.
        newState = creating ? this.encode(null, resource.schema) : req.priorState;
        return;
      }
      const completed = completeObject(result, planned, type, diagnostics, `state after ${operation}`);
      if (completed === undefined) {
        newState = creating ? this.encode(null, resource.schema) : req.priorState;
        return;
      }
      if (diagnostics.hasErrors()) {
        // A partial result next to an error (the object exists but a later step failed): terraform keeps
        // it as tainted. Values the author could not fill in are saved as null, never as unknown.
        newState = this.encode(unknownsToNull(completed), resource.schema);
        return;
      }
      checkAppliedAgainstPlan(planned, completed, type, req.typeName, diagnostics, sensitiveNames(resource.schema));
      newState = this.encode(completed, resource.schema);
    });
    return { newState, private: req.plannedPrivate, diagnostics: diagnostics.items };
  }

  async importResourceState(req: tf.ImportResourceStateRequest): Promise<tf.ImportResourceStateResponse> {
    const diagnostics = new Diagnostics();
    const importedResources: tf.ImportedResource[] = [];
    await this.guard(diagnostics, async () => {
      const resource = this.lookup(this.resources, 'resource', req.typeName, diagnostics);
      if (!resource) return;
      if (!resource.importState) {
        diagnostics.addError('Resource Import Not Implemented', `${req.typeName} does not support import.`);
        return;
      }
      let partial: Record<string, unknown> | undefined;
      try {
        partial = (await resource.importState({ id: req.id, diagnostics, providerData: this.providerData })) as never;
      } catch (err) {
        reportThrown(err, 'import', req.typeName, this.provider, diagnostics);
      }
      if (!partial || diagnostics.hasErrors()) return;
      const state = completeObject(partial, null, this.typeOf(resource.schema), diagnostics, 'imported state');
      if (state !== undefined) importedResources.push({ typeName: req.typeName, state: this.encode(state, resource.schema) });
    });
    return { importedResources, diagnostics: diagnostics.items };
  }

  async moveResourceState(req: tf.MoveResourceStateRequest): Promise<tf.MoveResourceStateResponse> {
    return {
      diagnostics: [
        {
          severity: 'error',
          summary: 'Unable to Move Resource State',
          detail:
            `The ${this.provider.typeName} provider cannot move state from ${req.sourceTypeName} (${req.sourceProviderAddress}) ` +
            `to ${req.targetTypeName}: no resource type here supports moves from another type. ` +
            `Remove the "moved" block and use "terraform state rm" plus "terraform import" instead.`,
        },
      ],
    };
  }

  // ---- data sources ---------------------------------------------------------------------------------

  async validateDataResourceConfig(req: tf.ValidateDataResourceConfigRequest): Promise<tf.ValidateDataResourceConfigResponse> {
    return { diagnostics: await this.validateConfigOf(this.dataSources, 'data source', req.typeName, req.config) };
  }

  async readDataSource(req: tf.ReadDataSourceRequest): Promise<tf.ReadDataSourceResponse> {
    const diagnostics = new Diagnostics();
    let state: DynamicValue | undefined;
    await this.guard(diagnostics, async () => {
      const dataSource = this.lookup(this.dataSources, 'data source', req.typeName, diagnostics);
      if (!dataSource) return;
      const config = this.decode(req.config, dataSource.schema, diagnostics, 'configuration');
      if (config === undefined || config === null) return;
      const result = await this.run('read', req.typeName, timeoutFor(config, 'read'), diagnostics, (ctx) =>
        dataSource.read({ ...ctx, config: config as never }),
      );
      if (!result || diagnostics.hasErrors()) return;
      const completed = completeObject(result, config, this.typeOf(dataSource.schema), diagnostics, 'data source result');
      if (completed === undefined) return;
      checkPlanAgainstConfig(dataSource.schema, completed as Obj, config as Obj, req.typeName, diagnostics);
      state = this.encode(completed, dataSource.schema);
    });
    return { state, diagnostics: diagnostics.items };
  }

  // ---- ephemeral resources --------------------------------------------------------------------------

  async validateEphemeralResourceConfig(
    req: tf.ValidateEphemeralResourceConfigRequest,
  ): Promise<tf.ValidateEphemeralResourceConfigResponse> {
    return { diagnostics: await this.validateConfigOf(this.ephemerals, 'ephemeral resource', req.typeName, req.config) };
  }

  async openEphemeralResource(req: tf.OpenEphemeralResourceRequest): Promise<tf.OpenEphemeralResourceResponse> {
    const diagnostics = new Diagnostics();
    const response: tf.OpenEphemeralResourceResponse = { diagnostics: diagnostics.items };
    await this.guard(diagnostics, async () => {
      const ephemeral = this.lookup(this.ephemerals, 'ephemeral resource', req.typeName, diagnostics);
      if (!ephemeral) return;
      const config = this.decode(req.config, ephemeral.schema, diagnostics, 'configuration');
      if (config === undefined || config === null) return;
      const opened = await this.run('open', req.typeName, timeoutFor(config, 'create'), diagnostics, (ctx) =>
        ephemeral.open({ ...ctx, config: config as never }),
      );
      if (opened?.private !== undefined) response.private = encodePrivate(opened.private);
      if (!opened || diagnostics.hasErrors()) return;
      const result = completeObject(opened.result as never, config, this.typeOf(ephemeral.schema), diagnostics, 'ephemeral result');
      if (result === undefined) return;
      response.result = this.encode(result, ephemeral.schema);
      if (opened.renewAt) response.renewAt = opened.renewAt;
    });
    return response;
  }

  async renewEphemeralResource(req: tf.RenewEphemeralResourceRequest): Promise<tf.RenewEphemeralResourceResponse> {
    const diagnostics = new Diagnostics();
    const response: tf.RenewEphemeralResourceResponse = { diagnostics: diagnostics.items, private: req.private };
    await this.guard(diagnostics, async () => {
      const ephemeral = this.lookup(this.ephemerals, 'ephemeral resource', req.typeName, diagnostics);
      if (!ephemeral?.renew) return;
      const renewed = await this.run('renew', req.typeName, timeoutFor(null, 'read'), diagnostics, (ctx) =>
        ephemeral.renew!({ ...ctx, private: decodePrivate(req.private) }),
      );
      if (renewed?.private !== undefined) response.private = encodePrivate(renewed.private);
      if (renewed?.renewAt) response.renewAt = renewed.renewAt;
    });
    return response;
  }

  async closeEphemeralResource(req: tf.CloseEphemeralResourceRequest): Promise<tf.CloseEphemeralResourceResponse> {
    const diagnostics = new Diagnostics();
    await this.guard(diagnostics, async () => {
      const ephemeral = this.lookup(this.ephemerals, 'ephemeral resource', req.typeName, diagnostics);
      if (!ephemeral?.close) return;
      await this.run('close', req.typeName, timeoutFor(null, 'delete'), diagnostics, (ctx) =>
        ephemeral.close!({ ...ctx, private: decodePrivate(req.private) }),
      );
    });
    return { diagnostics: diagnostics.items };
  }

  // ---- shared machinery -----------------------------------------------------------------------------

  private async validateConfigOf<T extends Typed & { configValidators?: { validate: Function }[]; validateConfig?: Function }>(
    map: Map<string, T>,
    what: string,
    typeName: string,
    dv: DynamicValue,
  ): Promise<tf.Diagnostic[]> {
    const diagnostics = new Diagnostics();
    await this.guard(diagnostics, async () => {
      const item = this.lookup(map, what, typeName, diagnostics);
      if (!item) return;
      const config = this.decode(dv, item.schema, diagnostics, 'configuration');
      if (config === undefined || config === null) return;
      validateAttributes(item.schema, config, diagnostics);
      for (const v of item.configValidators ?? []) v.validate({ config, diagnostics });
      await item.validateConfig?.({ typeName, config, diagnostics });
    });
    return diagnostics.items;
  }

  /** Runs one lifecycle verb with its deadline and the stop signal; thrown errors become diagnostics. */
  private async run<R>(
    operation: OperationName,
    typeName: string,
    timeoutMs: number,
    diagnostics: Diagnostics,
    fn: (ctx: {
      providerData: any;
      diagnostics: Diagnostics;
      signal: AbortSignal;
      requestOptions: OperationScope['requestOptions'];
      timeoutMs: number;
    }) => R | Promise<R>,
  ): Promise<R | undefined> {
    const scope = startOperation(this.stopSignal, timeoutMs);
    try {
      return await fn({
        providerData: this.providerData,
        diagnostics,
        signal: scope.signal,
        requestOptions: scope.requestOptions,
        timeoutMs,
      });
    } catch (err) {
      reportThrown(err, operation, typeName, this.provider, diagnostics, scope);
      return undefined;
    } finally {
      scope.dispose();
    }
  }

  /** Last line of defence: an exception escaping the framework is a diagnostic, not a failed RPC. */
  private async guard(diagnostics: Diagnostics, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      diagnostics.addProviderBug('Unexpected Provider Error', err instanceof Error ? (err.stack ?? err.message) : String(err));
    }
  }

  private lookup<T>(map: Map<string, T>, what: string, typeName: string, diagnostics: Diagnostics): T | undefined {
    const found = map.get(typeName);
    if (!found) {
      diagnostics.addError(
        `Unknown ${what} type`,
        `The ${this.provider.typeName} provider has no ${what} "${typeName}". Known: ${[...map.keys()].join(', ') || 'none'}.`,
      );
    }
    return found;
  }

  private typeOf(schema: SchemaDefinition<any, any>): CtyType {
    let type = this.ctyTypes.get(schema);
    if (!type) this.ctyTypes.set(schema, (type = schemaCtyType(schema)));
    return type;
  }

  /** Decoded value (null for an absent object), or undefined after adding a diagnostic. */
  private decode(dv: DynamicValue | undefined, schema: SchemaDefinition<any, any>, diagnostics: Diagnostics, what: string): CtyValue | undefined {
    if (isNullDynamicValue(dv)) return null;
    try {
      return normalizeNumbers(decodeDynamicValue(dv!, this.typeOf(schema)));
    } catch (err) {
      diagnostics.addError(`Invalid ${what}`, `The provider could not decode the ${what} terraform sent: ${(err as Error).message}`);
      return undefined;
    }
  }

  private encode(value: CtyValue, schema: SchemaDefinition<any, any>): DynamicValue {
    return encodeDynamicValue(value, this.typeOf(schema));
  }
}

const capabilities: tf.ServerCapabilities = { planDestroy: true, getProviderSchemaOptional: true, moveResourceState: true };

function mapSchemas(map: Map<string, Typed>): Record<string, tf.Schema> {
  const out: Record<string, tf.Schema> = {};
  for (const [name, item] of map) out[name] = toProtocolSchema(item.schema);
  return out;
}

function sensitiveNames(schema: SchemaDefinition<any, any>): Set<string> {
  const attributes = schema.attributes as Attributes;
  return new Set(Object.entries(attributes).filter(([, a]) => a.sensitive).map(([n]) => n));
}

function hasChange(prior: CtyValue, planned: CtyValue): boolean {
  return !valuesEqual(prior, planned);
}

function unknownsToNull(value: CtyValue): CtyValue {
  if (value === Unknown) return null;
  if (Array.isArray(value)) return value.map(unknownsToNull);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Obj = {};
    for (const [k, v] of Object.entries(value)) out[k] = unknownsToNull(v);
    return out;
  }
  return value;
}

function encodePrivate(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

function decodePrivate(bytes: Uint8Array | undefined): any {
  if (!bytes || bytes.length === 0) return undefined;
  return JSON.parse(new TextDecoder().decode(bytes));
}
