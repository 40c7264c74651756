/**
 * cty value → msgpack, guided by the type (as go-cty's msgpack.Marshal): object attributes and map
 * keys in sorted order, numbers as int64 / float64 / decimal string, unknown as extension 0 with one
 * zero byte (go-cty's compact "totally unknown"), dynamic values as [type JSON bytes, value].
 *
 * The value is first shaped into plain JS that @msgpack/msgpack writes exactly as wanted (bigint →
 * int64, Uint8Array → bin, ExtData → ext), then encoded in one pass.
 */
import { Encoder, ExtData } from '@msgpack/msgpack';
import { BigNumber, DynamicTyped, Unknown, type CtyType, type CtyValue } from '../types.js';
import { CtyCodecError, attrPath, describeValue, indexPath, keyPath } from './errors.js';
import { numberForMsgpack } from './numbers.js';
import { ctyTypeToJSON, friendlyTypeName, setOwn } from './type-json.js';

const encoder = new Encoder({ useBigInt64: true });
const unknownExt = new ExtData(0, new Uint8Array([0]));
const utf8 = new TextEncoder();

export function encodeMsgpack(value: CtyValue, type: CtyType): Uint8Array {
  return encoder.encode(toRaw(value, type, ''));
}

function toRaw(value: CtyValue, type: CtyType, path: string): unknown {
  if (value === Unknown) return unknownExt;
  if (value === null || value === undefined) return null;
  const mismatch = () =>
    new CtyCodecError(path, `expected ${friendlyTypeName(type)}, found ${describeValue(value)}`);

  if (typeof type === 'string') {
    switch (type) {
      case 'string':
        if (typeof value === 'string') return value;
        throw mismatch();
      case 'bool':
        if (typeof value === 'boolean') return value;
        throw mismatch();
      case 'number':
        if (typeof value === 'number' || value instanceof BigNumber) return numberForMsgpack(value, path);
        throw mismatch();
      case 'dynamic':
        return dynamicToRaw(value, path);
    }
  }
  if (value instanceof DynamicTyped) {
    throw new CtyCodecError(path, `a dynamic value where ${friendlyTypeName(type)} was expected`);
  }

  switch (type[0]) {
    case 'list':
    case 'set': {
      if (!Array.isArray(value)) throw mismatch();
      const elementType = type[1];
      return value.map((item, i) => toRaw(item, elementType, indexPath(path, i)));
    }
    case 'tuple': {
      const elementTypes = type[1];
      if (!Array.isArray(value) || value.length !== elementTypes.length) throw mismatch();
      return value.map((item, i) => toRaw(item, elementTypes[i], indexPath(path, i)));
    }
    case 'map': {
      if (!isRecord(value)) throw mismatch();
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value).sort()) setOwn(out, key, toRaw(value[key], type[1], keyPath(path, key)));
      return out;
    }
    case 'object': {
      if (!isRecord(value)) throw mismatch();
      const attrTypes = type[1];
      for (const name of Object.keys(value)) {
        if (!Object.hasOwn(attrTypes, name)) throw new CtyCodecError(path, `unsupported attribute ${JSON.stringify(name)}`);
      }
      const out: Record<string, unknown> = {};
      // Objects always carry every attribute of their type; a missing one is written as null.
      for (const name of Object.keys(attrTypes).sort()) {
        const item = Object.hasOwn(value, name) ? value[name] : null;
        setOwn(out, name, toRaw(item, attrTypes[name], attrPath(path, name)));
      }
      return out;
    }
  }
}

function dynamicToRaw(value: CtyValue, path: string): unknown {
  if (value instanceof DynamicTyped) {
    if (value.type === 'dynamic') {
      if (value.value === null || value.value === Unknown) return toRaw(value.value, 'dynamic', path);
      throw new CtyCodecError(path, 'a dynamic value must carry a concrete type');
    }
    if (value.value === Unknown) return unknownExt;
    return [utf8.encode(ctyTypeToJSON(value.type)), toRaw(value.value, value.type, path)];
  }
  // Primitives carry an obvious type; anything else must say its type with DynamicTyped.
  if (typeof value === 'string') return [utf8.encode('"string"'), value];
  if (typeof value === 'boolean') return [utf8.encode('"bool"'), value];
  if (typeof value === 'number' || value instanceof BigNumber) {
    return [utf8.encode('"number"'), numberForMsgpack(value, path)];
  }
  throw new CtyCodecError(path, `a value of dynamic type must be a DynamicTyped, found ${describeValue(value)}`);
}

function isRecord(value: CtyValue): value is { [key: string]: CtyValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof BigNumber);
}
