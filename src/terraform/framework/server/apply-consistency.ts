/**
 * Terraform's plan/apply contract, checked inside the provider so our own tests catch violations
 * before terraform does ("Provider produced inconsistent result after apply"): every value known in
 * the plan must come back exactly; every unknown one must come back known. Also the plan-time rule
 * ("Provider produced invalid plan"): a non-computed attribute's planned value is its config value.
 */
import { Unknown, type CtyType, type CtyValue } from '../../protocol/types.js';
import { formatPath, type PathStep } from '../attribute-path.js';
import type { Diagnostics } from '../diagnostics.js';
import type { Attributes, Blocks } from '../schema/blocks.js';
import { containsUnknown, valuesEqual } from '../values.js';

export function checkAppliedAgainstPlan(
  planned: CtyValue,
  applied: CtyValue,
  type: CtyType,
  typeName: string,
  diagnostics: Diagnostics,
  sensitive: ReadonlySet<string> = new Set(),
): void {
  const problems: { path: PathStep[]; message: string }[] = [];
  compare(planned, applied, type, [], problems);
  for (const p of problems) {
    if (typeof p.path[0] === 'string' && sensitive.has(p.path[0])) p.message = 'the sensitive value changed';
    diagnostics.addProviderBug(
      'Provider produced inconsistent result after apply',
      `When applying changes to ${typeName}, the provider produced an unexpected new value: ${p.path.length ? formatPath(p.path) + ': ' : ''}${p.message}.`,
      p.path,
    );
  }
}

function compare(planned: CtyValue, applied: CtyValue, type: CtyType, path: PathStep[], problems: { path: PathStep[]; message: string }[]): void {
  if (planned === Unknown) {
    if (containsUnknown(applied)) problems.push({ path, message: 'the value is still unknown after apply' });
    return;
  }
  const [kind, inner] = Array.isArray(type) ? (type as readonly [string, unknown]) : [type as string, undefined];
  const structural = kind === 'object' || kind === 'list' || kind === 'tuple' || kind === 'map';
  if (!structural || planned === null || applied === null || applied === Unknown) {
    if (!containsUnknown(planned) ? !valuesEqual(planned, applied, kind === 'set') : applied === null || applied === Unknown) {
      problems.push({ path, message: `was ${show(planned)}, but now ${show(applied)}` });
    } else if (kind === 'set' && containsUnknown(applied)) {
      // sets with unknown elements: terraform only requires the result to be known.
      problems.push({ path, message: 'the value is still unknown after apply' });
    }
    return;
  }
  if (kind === 'object') {
    for (const [k, t] of Object.entries(inner as Record<string, CtyType>)) {
      compare((planned as Record<string, CtyValue>)[k], (applied as Record<string, CtyValue>)[k], t, [...path, k], problems);
    }
  } else if (kind === 'list' || kind === 'tuple') {
    const p = planned as CtyValue[];
    const a = applied as CtyValue[];
    if (p.length !== a.length) problems.push({ path, message: `had ${p.length} elements, but now ${a.length}` });
    else p.forEach((v, i) => compare(v, a[i], kind === 'list' ? (inner as CtyType) : (inner as CtyType[])[i], [...path, i], problems));
  } else if (kind === 'map') {
    const p = planned as Record<string, CtyValue>;
    const a = applied as Record<string, CtyValue>;
    for (const k of new Set([...Object.keys(p), ...Object.keys(a)])) compare(p[k] ?? null, a[k] ?? null, inner as CtyType, [...path, { key: k }], problems);
  }
}

/** Plan-time contract: planned values of non-computed attributes (and of set computed ones) equal config. */
export function checkPlanAgainstConfig(
  def: { attributes: Attributes; blocks?: Blocks },
  planned: Record<string, CtyValue>,
  config: Record<string, CtyValue>,
  typeName: string,
  diagnostics: Diagnostics,
  path: PathStep[] = [],
): void {
  for (const [name, attr] of Object.entries(def.attributes)) {
    const c = config[name] ?? null;
    const p = planned[name] ?? null;
    if (attr.computed && c === null) continue;
    const set = Array.isArray(attr.type) && attr.type[0] === 'set';
    if (containsUnknown(c) ? !valuesEqual(c, p, set) && p !== Unknown : !valuesEqual(c, p, set)) {
      diagnostics.addProviderBug(
        'Provider produced invalid plan',
        attr.sensitive
          ? `${typeName} planned a value for the sensitive ${formatPath([...path, name])} that differs from the configuration; only computed attributes may differ from the configuration.`
          : `${typeName} planned ${formatPath([...path, name])} = ${show(p)}, but the configuration says ${show(c)}; only computed attributes may differ from the configuration.`,
        [...path, name],
      );
    }
  }
  for (const [name, block] of Object.entries(def.blocks ?? {})) {
    const c = config[name];
    const p = planned[name];
    if (block.nesting === 'single' && c && p && typeof c === 'object' && typeof p === 'object') {
      checkPlanAgainstConfig(block, p as Record<string, CtyValue>, c as Record<string, CtyValue>, typeName, diagnostics, [...path, name]);
    } else if (block.nesting === 'list' && Array.isArray(c) && Array.isArray(p) && c.length === p.length) {
      c.forEach((ci, i) =>
        checkPlanAgainstConfig(block, p[i] as Record<string, CtyValue>, ci as Record<string, CtyValue>, typeName, diagnostics, [...path, name, i]),
      );
    }
  }
}

function show(v: CtyValue): string {
  if (v === Unknown) return '(unknown)';
  if (v === null) return 'null';
  try {
    return JSON.stringify(v, (_k, x) => (x === Unknown ? '(unknown)' : typeof x === 'object' && x && 'text' in x ? Number(x.text) : x));
  } catch {
    return String(v);
  }
}
