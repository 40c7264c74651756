/**
 * The cty value codec: DynamicValue (msgpack or JSON) ⇄ {@link CtyValue}, always guided by the
 * schema's type, as go-cty does for terraform. The framework decodes every config, plan and state with
 * these and encodes what it returns with {@link encodeDynamicValue} (msgpack, which terraform prefers).
 */
import type { CtyType, CtyValue, DynamicValue, RawState } from '../types.js';
import { CtyCodecError } from './errors.js';
import { decodeJson } from './json-decode.js';
import { decodeMsgpack } from './msgpack-decode.js';
import { encodeMsgpack } from './msgpack-encode.js';

export { CtyCodecError } from './errors.js';
export { ctyTypeToJSON, parseCtyType } from './type-json.js';

/** Decodes a DynamicValue of the given type: msgpack when set, else JSON. Any msgpack extension = Unknown. */
export function decodeDynamicValue(dv: DynamicValue, type: CtyType): CtyValue {
  if (dv.msgpack && dv.msgpack.length > 0) return decodeMsgpack(dv.msgpack, type);
  if (dv.json && dv.json.length > 0) return decodeJson(dv.json, type);
  // terraform leaves both empty for "no value" (a resource that does not exist yet).
  return null;
}

/** Encodes a value of the given type as msgpack, the way go-cty writes it. */
export function encodeDynamicValue(value: CtyValue, type: CtyType): DynamicValue {
  return { msgpack: encodeMsgpack(value, type) };
}

/**
 * Decodes the state JSON terraform stored (UpgradeResourceState's raw_state) into the given type.
 * Attributes the type no longer has are dropped and missing ones are null, so a state written by an
 * older schema still reads. Legacy flatmap state (terraform 0.11) is not supported.
 */
export function decodeRawState(raw: RawState, type: CtyType): CtyValue {
  if (raw.json && raw.json.length > 0) return decodeJson(raw.json, type, { ignoreUndefinedAttributes: true });
  if (raw.flatmap && Object.keys(raw.flatmap).length > 0) {
    throw new CtyCodecError('', 'flatmap state (from terraform 0.11 and older) is not supported; upgrade the state with a newer terraform first');
  }
  return null;
}

const MSGPACK_NIL = 0xc0;

/** True when the value is absent or null (msgpack nil, JSON `null`, or no bytes at all). */
export function isNullDynamicValue(dv: DynamicValue | undefined): boolean {
  if (!dv) return true;
  if (dv.msgpack && dv.msgpack.length > 0) return dv.msgpack.length === 1 && dv.msgpack[0] === MSGPACK_NIL;
  if (dv.json && dv.json.length > 0) return new TextDecoder().decode(dv.json).trim() === 'null';
  return true;
}
