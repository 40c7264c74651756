/**
 * cty JSON → cty value, guided by the type (as go-cty's json.Unmarshal). terraform sends JSON in
 * DynamicValue.json (rarely) and, always, in the raw state given to UpgradeResourceState.
 *
 * Numbers are read losslessly (lossless-json) because state can hold integers beyond 2^53. Dynamic
 * values are `{"value": …, "type": …}`. JSON has no unknowns.
 */
import { isLosslessNumber, parse } from 'lossless-json';
import { DynamicTyped, type CtyType, type CtyValue } from '../types.js';
import { CtyCodecError, attrPath, describeValue, indexPath, keyPath } from './errors.js';
import { numberFromText } from './numbers.js';
import { friendlyTypeName, parseCtyType, setOwn } from './type-json.js';

export interface JsonDecodeOptions {
  /**
   * Skip attributes the type does not have instead of failing. State written by an older provider
   * version may hold attributes since removed; the framework's raw-state path ignores them too.
   */
  ignoreUndefinedAttributes?: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeJson(bytes: Uint8Array | string, type: CtyType, options: JsonDecodeOptions = {}): CtyValue {
  let raw: unknown;
  try {
    raw = parse(typeof bytes === 'string' ? bytes : utf8.decode(bytes));
  } catch (err) {
    throw new CtyCodecError('', `invalid JSON value: ${(err as Error).message}`);
  }
  return fromJson(raw, type, '', options);
}

function fromJson(raw: unknown, type: CtyType, path: string, options: JsonDecodeOptions): CtyValue {
  if (raw === null || raw === undefined) return null;
  const mismatch = () =>
    new CtyCodecError(path, `expected ${friendlyTypeName(type)}, found ${describeJson(raw)}`);

  if (typeof type === 'string') {
    switch (type) {
      case 'string':
        // go-cty accepts numbers and bools where a string is expected (old states hold them).
        if (typeof raw === 'string') return raw;
        if (isLosslessNumber(raw)) return raw.value;
        if (typeof raw === 'boolean') return String(raw);
        throw mismatch();
      case 'bool':
        if (typeof raw === 'boolean') return raw;
        if (raw === 'true' || raw === 'false') return raw === 'true';
        throw mismatch();
      case 'number': {
        const text = isLosslessNumber(raw) ? raw.value : typeof raw === 'string' ? raw : undefined;
        const n = text === undefined ? undefined : numberFromText(text, isLosslessNumber(raw));
        if (n !== undefined) return n;
        throw mismatch();
      }
      case 'dynamic': {
        if (!isJsonObject(raw) || !Object.hasOwn(raw, 'type') || !Object.hasOwn(raw, 'value')) {
          throw new CtyCodecError(path, `expected a dynamic value {"value", "type"}, found ${describeJson(raw)}`);
        }
        const concrete = parseCtyType(raw.type, path);
        return new DynamicTyped(concrete, fromJson(raw.value, concrete, path, options));
      }
    }
  }

  switch (type[0]) {
    case 'list':
    case 'set': {
      if (!Array.isArray(raw)) throw mismatch();
      const elementType = type[1];
      return raw.map((item, i) => fromJson(item, elementType, indexPath(path, i), options));
    }
    case 'tuple': {
      const elementTypes = type[1];
      if (!Array.isArray(raw) || raw.length !== elementTypes.length) throw mismatch();
      return raw.map((item, i) => fromJson(item, elementTypes[i], indexPath(path, i), options));
    }
    case 'map': {
      if (!isJsonObject(raw)) throw mismatch();
      const out: { [key: string]: CtyValue } = {};
      for (const [key, item] of Object.entries(raw)) setOwn(out, key, fromJson(item, type[1], keyPath(path, key), options));
      return out;
    }
    case 'object': {
      if (!isJsonObject(raw)) throw mismatch();
      const attrTypes = type[1];
      if (!options.ignoreUndefinedAttributes) {
        for (const name of Object.keys(raw)) {
          if (!Object.hasOwn(attrTypes, name)) throw new CtyCodecError(path, `unsupported attribute ${JSON.stringify(name)}`);
        }
      }
      const out: { [key: string]: CtyValue } = {};
      for (const [name, attrType] of Object.entries(attrTypes)) {
        setOwn(out, name, Object.hasOwn(raw, name) ? fromJson(raw[name], attrType, attrPath(path, name), options) : null);
      }
      return out;
    }
  }
}

function isJsonObject(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && !isLosslessNumber(raw);
}

function describeJson(raw: unknown): string {
  return isLosslessNumber(raw) ? 'a number' : describeValue(raw);
}
