/**
 * Helpers over decoded cty values (see CtyValue): the framework's typed models are these values, so
 * authors test them with {@link isUnknown}/{@link isKnown} and compare them with {@link valuesEqual}.
 */
import { setOwn } from '../protocol/cty/type-json.js';
import { BigNumber, DynamicTyped, Unknown, type CtyValue, type UnknownValue } from '../protocol/types.js';

export { Unknown, type UnknownValue } from '../protocol/types.js';

export function isUnknown(value: unknown): value is UnknownValue {
  return value === Unknown;
}

/** Known and not null. */
export function isKnown<T>(value: T | UnknownValue | null | undefined): value is T {
  return value !== Unknown && value !== null && value !== undefined;
}

/** True when the value or anything inside it is unknown. */
export function containsUnknown(value: unknown): boolean {
  if (value === Unknown) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value instanceof DynamicTyped) return containsUnknown(value.value);
  if (value && typeof value === 'object' && !(value instanceof BigNumber)) {
    return Object.values(value).some(containsUnknown);
  }
  return false;
}

/**
 * Structural equality of two values of the same cty type. `set` says the arrays are sets (order does
 * not matter); numbers compare by value, whether they are JS numbers or BigNumbers. Unknown equals only
 * unknown.
 */
export function valuesEqual(a: unknown, b: unknown, set = false): boolean {
  if (a === b) return true;
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === null || b === null || a === Unknown || b === Unknown) return a === b;
  if (isNumberLike(a) && isNumberLike(b)) return numberText(a) === numberText(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    if (!set) return a.every((x, i) => valuesEqual(x, b[i]));
    const remaining = [...b];
    return a.every((x) => {
      const at = remaining.findIndex((y) => valuesEqual(x, y));
      if (at < 0) return false;
      remaining.splice(at, 1);
      return true;
    });
  }
  if (a instanceof DynamicTyped && b instanceof DynamicTyped) return valuesEqual(a.value, b.value);
  if (typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a as object);
    const kb = Object.keys(b as object);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => valuesEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

function isNumberLike(v: unknown): v is number | BigNumber {
  return typeof v === 'number' || v instanceof BigNumber;
}

function numberText(v: number | BigNumber): string {
  if (typeof v === 'number') return String(v);
  const n = Number(v.text);
  return String(n) === v.text || Number.isSafeInteger(n) ? String(n) : v.text;
}

/**
 * Replaces BigNumbers that a JS number holds exactly by that number, so models carry plain numbers.
 * Copies only the objects and lists on the way to a replaced number and returns everything else as it
 * is (the input is a value just decoded, which nothing else holds): most values have no BigNumber at
 * all, and terraform sends several per RPC, so a deep copy of each was a measurable part of the
 * plugin's CPU in an apply.
 */
export function normalizeNumbers(value: CtyValue): CtyValue {
  if (value === null || typeof value !== 'object' || value instanceof DynamicTyped) return value;
  if (value instanceof BigNumber) {
    const n = Number(value.text);
    return Number.isFinite(n) && (String(n) === value.text || BigInt(Math.trunc(n)).toString() === value.text) ? n : value;
  }
  if (Array.isArray(value)) {
    let copy: CtyValue[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = normalizeNumbers(value[i]);
      if (item !== value[i]) (copy ??= value.slice())[i] = item;
    }
    return copy ?? value;
  }
  let copy: Record<string, CtyValue> | undefined;
  for (const key of Object.keys(value)) {
    const item = normalizeNumbers(value[key]);
    if (item !== value[key]) setOwn((copy ??= { ...value }), key, item);
  }
  return copy ?? value;
}
