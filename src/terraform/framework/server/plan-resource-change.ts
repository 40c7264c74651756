/**
 * The plan logic of PlanResourceChange, as terraform-plugin-framework does it. From terraform's
 * proposed new state (config merged over prior state):
 *   1. defaults fill attributes the config leaves null;
 *   2. computed attributes the config leaves null become unknown — always on create, and on update
 *      when anything changed (their values may change with it);
 *   3. plan modifiers run per attribute (UseStateForUnknown restores prior values, RequiresReplace
 *      marks paths that force replacement);
 * Destroy (null proposed state) plans null.
 */
import { Unknown, type AttributePath, type CtyValue } from '../../protocol/types.js';
import { toAttributePath, type PathStep } from '../attribute-path.js';
import type { Diagnostics } from '../diagnostics.js';
import type { Attributes, Blocks } from '../schema/blocks.js';
import { valuesEqual } from '../values.js';

type Obj = Record<string, CtyValue>;
type Def = { attributes: Attributes; blocks?: Blocks };

export interface PlannedChange {
  planned: CtyValue;
  requiresReplace: AttributePath[];
}

export function planChange(def: Def, prior: CtyValue, proposed: CtyValue, config: CtyValue, diagnostics: Diagnostics): PlannedChange {
  if (proposed === null) return { planned: null, requiresReplace: [] };
  const planned = structuredCloneValue(proposed) as Obj;
  const priorObj = prior === null ? undefined : (prior as Obj);
  const configObj = (config ?? {}) as Obj;

  applyDefaults(def, planned, configObj);
  if (!priorObj || !valuesEqual(planned, priorObj)) markComputedUnknown(def, planned, configObj);
  const requiresReplace: PathStep[][] = [];
  runPlanModifiers(def, planned, configObj, priorObj, [], diagnostics, requiresReplace);
  return { planned, requiresReplace: requiresReplace.map(toAttributePath) };
}

function applyDefaults(def: Def, planned: Obj, config: Obj): void {
  for (const [name, attr] of Object.entries(def.attributes)) {
    if (attr.default && (config[name] ?? null) === null) planned[name] = attr.default.value() as CtyValue;
  }
  forEachNested(def, planned, config, undefined, (block, p, c) => applyDefaults(block, p, c));
}

function markComputedUnknown(def: Def, planned: Obj, config: Obj): void {
  for (const [name, attr] of Object.entries(def.attributes)) {
    if (attr.computed && !attr.default && (config[name] ?? null) === null) planned[name] = Unknown;
  }
  forEachNested(def, planned, config, undefined, (block, p, c) => markComputedUnknown(block, p, c));
}

function runPlanModifiers(
  def: Def,
  planned: Obj,
  config: Obj,
  prior: Obj | undefined,
  path: PathStep[],
  diagnostics: Diagnostics,
  requiresReplace: PathStep[][],
): void {
  for (const [name, attr] of Object.entries(def.attributes)) {
    for (const modifier of attr.planModifiers ?? []) {
      const state = prior === undefined ? undefined : (prior[name] ?? null);
      const plan = planned[name] ?? null;
      const isSet = Array.isArray(attr.type) && attr.type[0] === 'set';
      const result = modifier.modify({
        path: [...path, name],
        config: (config[name] ?? null) as never,
        state: state as never,
        plan: plan as never,
        changed: state !== undefined && !valuesEqual(state, plan, isSet),
        diagnostics,
      });
      if (result?.plan !== undefined) planned[name] = result.plan as CtyValue;
      if (result?.requiresReplace) requiresReplace.push([...path, name]);
    }
  }
  forEachNested(def, planned, config, prior, (block, p, c, s, at) =>
    runPlanModifiers(block, p, c, s, [...path, ...at], diagnostics, requiresReplace),
  );
}

/** Calls `fn` for each nested object of single and list blocks (set blocks: elements have no stable identity). */
function forEachNested(
  def: Def,
  planned: Obj,
  config: Obj,
  prior: Obj | undefined,
  fn: (block: Def, planned: Obj, config: Obj, prior: Obj | undefined, at: PathStep[]) => void,
): void {
  for (const [name, block] of Object.entries(def.blocks ?? {})) {
    const p = planned[name];
    const c = config[name];
    const s = prior?.[name];
    if (block.nesting === 'single' && isObj(p)) fn(block, p, isObj(c) ? c : {}, prior === undefined ? undefined : isObj(s) ? s : {}, [name]);
    if (block.nesting === 'list' && Array.isArray(p)) {
      p.forEach((element, i) => {
        if (!isObj(element)) return;
        const ci = Array.isArray(c) && isObj(c[i]) ? (c[i] as Obj) : {};
        const si = prior === undefined ? undefined : Array.isArray(s) && isObj(s[i]) ? (s[i] as Obj) : {};
        fn(block, element, ci, si, [name, i]);
      });
    }
  }
}

function isObj(v: unknown): v is Obj {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** Deep copy that keeps the Unknown symbol and BigNumber/DynamicTyped instances as they are. */
function structuredCloneValue(v: CtyValue): CtyValue {
  if (Array.isArray(v)) return v.map(structuredCloneValue);
  if (isObj(v) && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) out[k] = structuredCloneValue(x);
    return out;
  }
  return v;
}
