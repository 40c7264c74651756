/**
 * msgpack → cty value, guided by the type (as go-cty's msgpack.Unmarshal). The bytes are first read
 * by @msgpack/msgpack into plain JS (int64/uint64 as bigint, extensions as ExtData), then checked and
 * shaped against the type here.
 *
 * Any msgpack extension is an unknown value: type 0 is cty's plain unknown, 0x0c a refined one
 * (refinements are hints terraform does not need back from us), and anything else is read the same
 * way rather than failing a whole plan.
 *
 * Known limit: @msgpack/msgpack refuses a map key `__proto__` (prototype-pollution guard); such a value
 * fails with a CtyCodecError naming the problem. The JSON path accepts it.
 */
import { Decoder, ExtData } from '@msgpack/msgpack';
import { DynamicTyped, Unknown, type CtyType, type CtyValue } from '../types.js';
import { CtyCodecError, attrPath, describeValue, indexPath, keyPath } from './errors.js';
import { numberFromBigInt, numberFromText } from './numbers.js';
import { friendlyTypeName, parseCtyType, setOwn } from './type-json.js';

const decoder = new Decoder({ useBigInt64: true });
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeMsgpack(bytes: Uint8Array, type: CtyType): CtyValue {
  let raw: unknown;
  try {
    raw = decoder.decode(bytes);
  } catch (err) {
    throw new CtyCodecError('', `invalid msgpack value: ${(err as Error).message}`);
  }
  return fromRaw(raw, type, '');
}

function fromRaw(raw: unknown, type: CtyType, path: string): CtyValue {
  // @msgpack/msgpack turns extension -1 (its timestamp) into a Date; every other one into ExtData.
  if (raw instanceof ExtData || raw instanceof Date) return Unknown;
  if (raw === null || raw === undefined) return null;
  const mismatch = () =>
    new CtyCodecError(path, `expected ${friendlyTypeName(type)}, found ${describeValue(raw)}`);

  if (typeof type === 'string') {
    switch (type) {
      case 'string':
        if (typeof raw === 'string') return raw;
        if (raw instanceof Uint8Array) return utf8.decode(raw);
        throw mismatch();
      case 'bool':
        if (typeof raw === 'boolean') return raw;
        throw mismatch();
      case 'number': {
        if (typeof raw === 'number') return raw;
        if (typeof raw === 'bigint') return numberFromBigInt(raw);
        if (typeof raw === 'string') {
          const n = numberFromText(raw, false);
          if (n !== undefined) return n;
        }
        throw mismatch();
      }
      case 'dynamic':
        return dynamicFromRaw(raw, path);
    }
  }

  switch (type[0]) {
    case 'list':
    case 'set': {
      if (!Array.isArray(raw)) throw mismatch();
      const elementType = type[1];
      return raw.map((item, i) => fromRaw(item, elementType, indexPath(path, i)));
    }
    case 'tuple': {
      const elementTypes = type[1];
      if (!Array.isArray(raw) || raw.length !== elementTypes.length) throw mismatch();
      return raw.map((item, i) => fromRaw(item, elementTypes[i], indexPath(path, i)));
    }
    case 'map': {
      if (!isPlainMap(raw)) throw mismatch();
      const out: { [key: string]: CtyValue } = {};
      for (const [key, item] of Object.entries(raw)) setOwn(out, key, fromRaw(item, type[1], keyPath(path, key)));
      return out;
    }
    case 'object': {
      if (!isPlainMap(raw)) throw mismatch();
      const attrTypes = type[1];
      for (const name of Object.keys(raw)) {
        if (!Object.hasOwn(attrTypes, name)) throw new CtyCodecError(path, `unsupported attribute ${JSON.stringify(name)}`);
      }
      const out: { [key: string]: CtyValue } = {};
      // Every attribute of the type is present in the result, null where the encoding left it out.
      for (const [name, attrType] of Object.entries(attrTypes)) {
        setOwn(out, name, Object.hasOwn(raw, name) ? fromRaw(raw[name], attrType, attrPath(path, name)) : null);
      }
      return out;
    }
  }
}

/** A known dynamic value is the pair [type JSON bytes, value encoded with that type]. */
function dynamicFromRaw(raw: unknown, path: string): CtyValue {
  if (!Array.isArray(raw) || raw.length !== 2) {
    throw new CtyCodecError(path, `expected a dynamic value [type, value], found ${describeValue(raw)}`);
  }
  const [typeBytes, value] = raw as [unknown, unknown];
  let typeText: string;
  if (typeBytes instanceof Uint8Array) typeText = utf8.decode(typeBytes);
  else if (typeof typeBytes === 'string') typeText = typeBytes;
  else throw new CtyCodecError(path, `dynamic value type must be JSON bytes, found ${describeValue(typeBytes)}`);
  let typeJson: unknown;
  try {
    typeJson = JSON.parse(typeText);
  } catch {
    throw new CtyCodecError(path, `dynamic value type is not JSON: ${typeText.slice(0, 200)}`);
  }
  const type = parseCtyType(typeJson, path);
  return new DynamicTyped(type, fromRaw(value, type, path));
}

function isPlainMap(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && !(raw instanceof Uint8Array);
}
