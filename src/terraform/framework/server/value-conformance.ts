/**
 * Checks that values resource code returns have the schema's types (a string where the schema says
 * string…) and completes objects: attributes left out take the base value (the plan, prior state or
 * config), so authors return only what they know. Mistakes are provider bugs with the attribute path.
 */
import { BigNumber, Unknown, type CtyType, type CtyValue } from '../../protocol/types.js';
import { formatPath, type PathStep } from '../attribute-path.js';
import type { Diagnostics } from '../diagnostics.js';

type Fields = Record<string, CtyType>;

function objectFields(type: CtyType): Fields | undefined {
  return Array.isArray(type) && type[0] === 'object' ? (type[1] as Fields) : undefined;
}

/**
 * Returns `result` with every attribute of `type` present (missing ones from `base`), or undefined with
 * a provider-bug diagnostic when a value has the wrong type.
 */
export function completeObject(
  result: Record<string, unknown>,
  base: CtyValue,
  type: CtyType,
  diagnostics: Diagnostics,
  what: string,
): CtyValue | undefined {
  const fields = objectFields(type)!;
  const errorsBefore = diagnostics.items.length;
  const baseObject = base && typeof base === 'object' && !Array.isArray(base) ? (base as Record<string, CtyValue>) : {};
  for (const key of Object.keys(result)) {
    if (!(key in fields) && result[key] !== undefined) {
      diagnostics.addProviderBug(`Invalid ${what}`, `The provider returned attribute "${key}", which the schema does not have.`);
    }
  }
  const out: Record<string, CtyValue> = {};
  for (const [name, fieldType] of Object.entries(fields)) {
    const value = result[name] === undefined ? (baseObject[name] ?? null) : result[name];
    out[name] = conform(value, fieldType, [name], diagnostics, what);
  }
  const added = diagnostics.items.slice(errorsBefore).some((d) => d.severity === 'error');
  return added ? undefined : out;
}

function conform(value: unknown, type: CtyType, path: PathStep[], diagnostics: Diagnostics, what: string): CtyValue {
  if (value === null || value === undefined) return null;
  if (value === Unknown) return Unknown;
  const bad = (expected: string): CtyValue => {
    diagnostics.addProviderBug(
      `Invalid ${what}`,
      `Attribute ${formatPath(path)}: expected ${expected}, got ${describe(value)}.`,
      path,
    );
    return null;
  };
  if (type === 'string') return typeof value === 'string' ? value : bad('a string');
  if (type === 'bool') return typeof value === 'boolean' ? value : bad('a bool');
  if (type === 'number') {
    if (typeof value === 'number') return Number.isFinite(value) ? value : bad('a finite number');
    return value instanceof BigNumber ? value : bad('a number');
  }
  if (type === 'dynamic') return value as CtyValue;
  const [kind, inner] = type as readonly [string, unknown];
  if (kind === 'list' || kind === 'set') {
    if (!Array.isArray(value)) return bad(`a ${kind}`);
    return value.map((v, i) => conform(v, inner as CtyType, [...path, i], diagnostics, what));
  }
  if (kind === 'map') {
    if (typeof value !== 'object' || Array.isArray(value)) return bad('a map');
    const out: Record<string, CtyValue> = {};
    for (const [k, v] of Object.entries(value as object)) out[k] = conform(v, inner as CtyType, [...path, { key: k }], diagnostics, what);
    return out;
  }
  if (kind === 'object') {
    if (typeof value !== 'object' || Array.isArray(value)) return bad('an object');
    const out: Record<string, CtyValue> = {};
    for (const [k, t] of Object.entries(inner as Fields)) out[k] = conform((value as Record<string, unknown>)[k], t, [...path, k], diagnostics, what);
    return out;
  }
  if (kind === 'tuple') {
    const types = inner as CtyType[];
    if (!Array.isArray(value) || value.length !== types.length) return bad(`a tuple of ${types.length}`);
    return value.map((v, i) => conform(v, types[i], [...path, i], diagnostics, what));
  }
  return bad(`type ${JSON.stringify(type)}`);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  return `${typeof value} ${typeof value === 'object' ? '' : String(value)}`.trim();
}
