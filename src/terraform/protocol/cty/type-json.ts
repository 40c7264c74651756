/**
 * cty types in their JSON form: validation of a type received from the wire (the type half of a
 * dynamic value) and canonical serialization (object keys sorted, as go-cty writes them).
 */
import type { CtyType } from '../types.js';
import { CtyCodecError } from './errors.js';

const primitives = new Set(['string', 'number', 'bool', 'dynamic']);

/** Checks that `raw` (parsed JSON) is a cty type and returns it typed. */
export function parseCtyType(raw: unknown, path = ''): CtyType {
  if (typeof raw === 'string') {
    if (primitives.has(raw)) return raw as CtyType;
    throw new CtyCodecError(path, `unknown cty primitive type ${JSON.stringify(raw)}`);
  }
  if (!Array.isArray(raw) || raw.length < 2 || typeof raw[0] !== 'string') {
    throw new CtyCodecError(path, `invalid cty type JSON ${JSON.stringify(raw)}`);
  }
  const [kind, arg, optional] = raw as [string, unknown, unknown];
  switch (kind) {
    case 'list':
    case 'set':
    case 'map':
      if (raw.length !== 2) break;
      return [kind, parseCtyType(arg, path)];
    case 'tuple':
      if (raw.length !== 2 || !Array.isArray(arg)) break;
      return ['tuple', arg.map((t) => parseCtyType(t, path))];
    case 'object': {
      if (arg === null || typeof arg !== 'object' || Array.isArray(arg) || raw.length > 3) break;
      const attrs: Record<string, CtyType> = {};
      for (const [name, t] of Object.entries(arg)) setOwn(attrs, name, parseCtyType(t, path));
      if (raw.length === 2) return ['object', attrs];
      if (!Array.isArray(optional) || !optional.every((n) => typeof n === 'string' && n in attrs)) break;
      return ['object', attrs, optional as string[]];
    }
  }
  throw new CtyCodecError(path, `invalid cty type JSON ${JSON.stringify(raw)}`);
}

/** The JSON text of a type, with object attributes in sorted order. */
export function ctyTypeToJSON(type: CtyType): string {
  return JSON.stringify(canonical(type));
}

function canonical(type: CtyType): unknown {
  if (typeof type === 'string') return type;
  switch (type[0]) {
    case 'list':
    case 'set':
    case 'map':
      return [type[0], canonical(type[1])];
    case 'tuple':
      return ['tuple', type[1].map(canonical)];
    case 'object': {
      const attrs: Record<string, unknown> = {};
      for (const name of Object.keys(type[1]).sort()) setOwn(attrs, name, canonical(type[1][name]));
      return type.length === 3 ? ['object', attrs, [...type[2]]] : ['object', attrs];
    }
  }
}

/** Sets an own property even for the name `__proto__` (a legal map key and attribute name in cty). */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/** A human name for a type in error messages: `list of string`, `object`… */
export function friendlyTypeName(type: CtyType): string {
  if (typeof type === 'string') return type;
  switch (type[0]) {
    case 'list':
    case 'set':
    case 'map':
      return `${type[0]} of ${friendlyTypeName(type[1])}`;
    default:
      return type[0];
  }
}
