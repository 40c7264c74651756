/**
 * The managed-resource RPCs: ValidateResourceConfig, UpgradeResourceState, ReadResource,
 * PlanResourceChange, ApplyResourceChange, ImportResourceState and MoveResourceState. Each decodes what
 * terraform sent through the {@link CallScope}, runs the resource's verb, completes and checks what it
 * returned, and answers with a state terraform can always keep (never an empty one by accident).
 */
import { decodeRawState } from '../../protocol/cty/index.js';
import type * as tf from '../../protocol/types.js';
import { Unknown, type CtyValue, type DynamicValue } from '../../protocol/types.js';
import { Diagnostics } from '../diagnostics.js';
import type { Resource } from '../resource/resource.js';
import type { Attributes } from '../schema/blocks.js';
import type { SchemaDefinition } from '../schema/schema.js';
import { timeoutFor, type TimeoutOperation } from '../timeouts/timeouts-block.js';
import { valuesEqual } from '../values.js';
import { checkAppliedAgainstPlan, checkPlanAgainstConfig } from './apply-consistency.js';
import { verbRequest, type CallScope, type Obj } from './call-scope.js';
import { reportThrown } from './error-diagnostics.js';
import { planChange } from './plan-resource-change.js';
import { completeObject } from './value-conformance.js';

export class ResourceRpcs {
  constructor(
    private readonly scope: CallScope,
    private readonly resources: Map<string, Resource>,
  ) {}

  async validateResourceConfig(req: tf.ValidateResourceConfigRequest): Promise<tf.ValidateResourceConfigResponse> {
    return { diagnostics: await this.scope.validateConfigOf(this.resources, 'resource', req.typeName, req.config) };
  }

  async upgradeResourceState(req: tf.UpgradeResourceStateRequest): Promise<tf.UpgradeResourceStateResponse> {
    const { scope } = this;
    const diagnostics = new Diagnostics();
    let upgradedState: DynamicValue | undefined;
    await scope.withType(this.resources, 'resource', req.typeName, diagnostics, async (resource) => {
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
        value = decodeRawState(req.rawState, scope.typeOf(resource.schema));
      } catch (err) {
        diagnostics.addError('Unable to Read Prior State', `The stored state of ${req.typeName} could not be read: ${(err as Error).message}`);
        return;
      }
      // Always answer with a state: an empty one makes terraform treat the object as gone.
      upgradedState = scope.encode(value, resource.schema);
    });
    return { upgradedState, diagnostics: diagnostics.items };
  }

  async readResource(req: tf.ReadResourceRequest): Promise<tf.ReadResourceResponse> {
    const { scope } = this;
    const diagnostics = new Diagnostics();
    // On any failure, answer with the current state so terraform does not forget the object.
    let newState: DynamicValue = req.currentState;
    await scope.withType(this.resources, 'resource', req.typeName, diagnostics, async (resource) => {
      const state = scope.decode(req.currentState, resource.schema, diagnostics, 'prior state');
      if (state === undefined || state === null) return;
      const result = await scope.run('read', resource.typeName, timeoutFor(state, 'read'), diagnostics, (ctx) =>
        resource.read(verbRequest(ctx, { state: state as never })),
      );
      if (result === null && !diagnostics.hasErrors()) {
        newState = scope.encode(null, resource.schema);
        return;
      }
      if (!result) return;
      const completed = completeObject(result, state, scope.typeOf(resource.schema), diagnostics, 'state after read');
      if (completed !== undefined) newState = scope.encode(completed, resource.schema);
    });
    return { newState, diagnostics: diagnostics.items, private: req.private };
  }

  async planResourceChange(req: tf.PlanResourceChangeRequest): Promise<tf.PlanResourceChangeResponse> {
    const { scope } = this;
    const diagnostics = new Diagnostics();
    let plannedState: DynamicValue | undefined;
    let requiresReplace: tf.AttributePath[] = [];
    await scope.withType(this.resources, 'resource', req.typeName, diagnostics, async (resource) => {
      const prior = scope.decode(req.priorState, resource.schema, diagnostics, 'prior state');
      const proposed = scope.decode(req.proposedNewState, resource.schema, diagnostics, 'proposed new state');
      const config = scope.decode(req.config, resource.schema, diagnostics, 'configuration');
      if (prior === undefined || proposed === undefined || config === undefined) return;

      const change = planChange(resource.schema, prior, proposed, config, diagnostics);
      if (resource.modifyPlan) {
        const hookReplace: string[][] = [];
        await resource.modifyPlan({
          plan: change.planned as never,
          state: prior as never,
          config: config as never,
          providerData: scope.providerData,
          diagnostics,
          requiresReplace: hookReplace,
        });
        change.requiresReplace.push(...hookReplace.map((p) => p.map((attributeName) => ({ attributeName }))));
      }
      if (change.planned !== null) {
        checkPlanAgainstConfig(resource.schema, change.planned as Obj, (config ?? {}) as Obj, req.typeName, diagnostics);
        const updating = prior !== null && change.requiresReplace.length === 0;
        if (updating && !resource.update && !valuesEqual(prior, change.planned)) {
          diagnostics.addProviderBug(
            'Resource Update Not Implemented',
            `${req.typeName} has no update, yet the plan changes it in place. Every configurable attribute needs requiresReplace().`,
          );
        }
      }
      plannedState = scope.encode(change.planned, resource.schema);
      requiresReplace = change.requiresReplace;
    });
    return { plannedState, requiresReplace, plannedPrivate: req.priorPrivate, diagnostics: diagnostics.items };
  }

  async applyResourceChange(req: tf.ApplyResourceChangeRequest): Promise<tf.ApplyResourceChangeResponse> {
    const { scope } = this;
    const diagnostics = new Diagnostics();
    let newState: DynamicValue | undefined;
    await scope.withType(this.resources, 'resource', req.typeName, diagnostics, async (resource) => {
      const prior = scope.decode(req.priorState, resource.schema, diagnostics, 'prior state');
      const planned = scope.decode(req.plannedState, resource.schema, diagnostics, 'planned state');
      const config = scope.decode(req.config, resource.schema, diagnostics, 'configuration');
      if (prior === undefined || planned === undefined || config === undefined) return;
      const type = scope.typeOf(resource.schema);

      if (planned === null) {
        // Destroy. On failure the object stays in state.
        newState = req.priorState;
        if (prior === null) return;
        await scope.run('delete', req.typeName, timeoutFor(prior, 'delete'), diagnostics, (ctx) =>
          resource.delete(verbRequest(ctx, { state: prior as never })),
        );
        if (!diagnostics.hasErrors()) newState = scope.encode(null, resource.schema);
        return;
      }

      const creating = prior === null;
      if (!creating && !resource.update) {
        diagnostics.addProviderBug('Resource Update Not Implemented', `${req.typeName} cannot be updated in place.`);
        newState = req.priorState;
        return;
      }
      const operation: TimeoutOperation = creating ? 'create' : 'update';
      const result = await scope.run(operation, req.typeName, timeoutFor(planned, operation), diagnostics, (ctx) =>
        creating
          ? resource.create(verbRequest(ctx, { plan: planned as never, config: config as never }))
          : resource.update!(verbRequest(ctx, { plan: planned as never, state: prior as never, config: config as never })),
      );
      if (!result) {
        if (!diagnostics.hasErrors()) {
          diagnostics.addProviderBug(`Missing Resource State After ${creating ? 'Create' : 'Update'}`, `${req.typeName}'s ${operation} returned no state and no error.`);
        }
        // Nothing created: no state; a failed update keeps the prior state.
        newState = creating ? scope.encode(null, resource.schema) : req.priorState;
        return;
      }
      const completed = completeObject(result, planned, type, diagnostics, `state after ${operation}`);
      if (completed === undefined) {
        newState = creating ? scope.encode(null, resource.schema) : req.priorState;
        return;
      }
      if (diagnostics.hasErrors()) {
        // A partial result next to an error (the object exists but a later step failed): terraform keeps
        // it as tainted. Values the author could not fill in are saved as null, never as unknown.
        newState = scope.encode(unknownsToNull(completed), resource.schema);
        return;
      }
      checkAppliedAgainstPlan(planned, completed, type, req.typeName, diagnostics, sensitiveNames(resource.schema));
      newState = scope.encode(completed, resource.schema);
    });
    return { newState, private: req.plannedPrivate, diagnostics: diagnostics.items };
  }

  async importResourceState(req: tf.ImportResourceStateRequest): Promise<tf.ImportResourceStateResponse> {
    const { scope } = this;
    const diagnostics = new Diagnostics();
    const importedResources: tf.ImportedResource[] = [];
    await scope.withType(this.resources, 'resource', req.typeName, diagnostics, async (resource) => {
      if (!resource.importState) {
        diagnostics.addError('Resource Import Not Implemented', `${req.typeName} does not support import.`);
        return;
      }
      let partial: Record<string, unknown> | undefined;
      try {
        partial = (await resource.importState({ id: req.id, diagnostics, providerData: scope.providerData })) as never;
      } catch (err) {
        reportThrown(err, 'import', req.typeName, scope.provider, diagnostics);
      }
      if (!partial || diagnostics.hasErrors()) return;
      const state = completeObject(partial, null, scope.typeOf(resource.schema), diagnostics, 'imported state');
      if (state !== undefined) importedResources.push({ typeName: req.typeName, state: scope.encode(state, resource.schema) });
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
            `The ${this.scope.provider.typeName} provider cannot move state from ${req.sourceTypeName} (${req.sourceProviderAddress}) ` +
            `to ${req.targetTypeName}: no resource type here supports moves from another type. ` +
            `Remove the "moved" block and use "terraform state rm" plus "terraform import" instead.`,
        },
      ],
    };
  }
}

function sensitiveNames(schema: SchemaDefinition<any, any>): Set<string> {
  const attributes = schema.attributes as Attributes;
  return new Set(Object.entries(attributes).filter(([, a]) => a.sensitive).map(([n]) => n));
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
