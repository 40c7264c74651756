/**
 * Wire → plain: turns decoded protobuf request messages (protobufjs instances, camelCase fields) into
 * the plain request types of ./types.ts. Absent DynamicValues become `{}` (read as null by the codec);
 * empty byte fields become undefined, so the framework never has to tell "unset" from "empty".
 */
import type * as tf from './types.js';

/** A decoded protobuf message: fields by camelCase name. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type WireMessage = Record<string, any>;

export function dynamicValue(m: WireMessage | null | undefined): tf.DynamicValue {
  if (!m) return {};
  const out: tf.DynamicValue = {};
  if (m.msgpack && m.msgpack.length > 0) out.msgpack = m.msgpack;
  if (m.json && m.json.length > 0) out.json = m.json;
  return out;
}

function optionalDynamicValue(m: WireMessage | null | undefined): tf.DynamicValue | undefined {
  const dv = dynamicValue(m);
  return dv.msgpack || dv.json ? dv : undefined;
}

function bytes(b: Uint8Array | null | undefined): Uint8Array | undefined {
  return b && b.length > 0 ? b : undefined;
}

export function rawState(m: WireMessage | null | undefined): tf.RawState {
  if (!m) return {};
  const out: tf.RawState = {};
  if (m.json && m.json.length > 0) out.json = m.json;
  if (m.flatmap && Object.keys(m.flatmap).length > 0) out.flatmap = { ...m.flatmap };
  return out;
}

export function clientCapabilities(m: WireMessage | null | undefined): tf.ClientCapabilities | undefined {
  if (!m) return undefined;
  return { deferralAllowed: !!m.deferralAllowed, writeOnlyAttributesAllowed: !!m.writeOnlyAttributesAllowed };
}

export function validateProviderConfigRequest(m: WireMessage): tf.ValidateProviderConfigRequest {
  return { config: dynamicValue(m.config) };
}

export function configureProviderRequest(m: WireMessage): tf.ConfigureProviderRequest {
  return {
    terraformVersion: m.terraformVersion ?? '',
    config: dynamicValue(m.config),
    clientCapabilities: clientCapabilities(m.clientCapabilities),
  };
}

export function validateResourceConfigRequest(m: WireMessage): tf.ValidateResourceConfigRequest {
  return {
    typeName: m.typeName ?? '',
    config: dynamicValue(m.config),
    clientCapabilities: clientCapabilities(m.clientCapabilities),
  };
}

export function upgradeResourceStateRequest(m: WireMessage): tf.UpgradeResourceStateRequest {
  return { typeName: m.typeName ?? '', version: Number(m.version ?? 0), rawState: rawState(m.rawState) };
}

export function readResourceRequest(m: WireMessage): tf.ReadResourceRequest {
  return {
    typeName: m.typeName ?? '',
    currentState: dynamicValue(m.currentState),
    private: bytes(m.private),
    providerMeta: optionalDynamicValue(m.providerMeta),
    clientCapabilities: clientCapabilities(m.clientCapabilities),
  };
}

export function planResourceChangeRequest(m: WireMessage): tf.PlanResourceChangeRequest {
  return {
    typeName: m.typeName ?? '',
    priorState: dynamicValue(m.priorState),
    proposedNewState: dynamicValue(m.proposedNewState),
    config: dynamicValue(m.config),
    priorPrivate: bytes(m.priorPrivate),
    providerMeta: optionalDynamicValue(m.providerMeta),
    clientCapabilities: clientCapabilities(m.clientCapabilities),
  };
}

export function applyResourceChangeRequest(m: WireMessage): tf.ApplyResourceChangeRequest {
  return {
    typeName: m.typeName ?? '',
    priorState: dynamicValue(m.priorState),
    plannedState: dynamicValue(m.plannedState),
    config: dynamicValue(m.config),
    plannedPrivate: bytes(m.plannedPrivate),
    providerMeta: optionalDynamicValue(m.providerMeta),
  };
}

export function importResourceStateRequest(m: WireMessage): tf.ImportResourceStateRequest {
  return { typeName: m.typeName ?? '', id: m.id ?? '', clientCapabilities: clientCapabilities(m.clientCapabilities) };
}

export function moveResourceStateRequest(m: WireMessage): tf.MoveResourceStateRequest {
  return {
    sourceProviderAddress: m.sourceProviderAddress ?? '',
    sourceTypeName: m.sourceTypeName ?? '',
    sourceSchemaVersion: Number(m.sourceSchemaVersion ?? 0),
    sourceState: rawState(m.sourceState),
    targetTypeName: m.targetTypeName ?? '',
    sourcePrivate: bytes(m.sourcePrivate),
  };
}

export function validateDataResourceConfigRequest(m: WireMessage): tf.ValidateDataResourceConfigRequest {
  return { typeName: m.typeName ?? '', config: dynamicValue(m.config) };
}

export function readDataSourceRequest(m: WireMessage): tf.ReadDataSourceRequest {
  return {
    typeName: m.typeName ?? '',
    config: dynamicValue(m.config),
    providerMeta: optionalDynamicValue(m.providerMeta),
    clientCapabilities: clientCapabilities(m.clientCapabilities),
  };
}

export function validateEphemeralResourceConfigRequest(m: WireMessage): tf.ValidateEphemeralResourceConfigRequest {
  return { typeName: m.typeName ?? '', config: dynamicValue(m.config) };
}

export function openEphemeralResourceRequest(m: WireMessage): tf.OpenEphemeralResourceRequest {
  return {
    typeName: m.typeName ?? '',
    config: dynamicValue(m.config),
    clientCapabilities: clientCapabilities(m.clientCapabilities),
  };
}

export function renewEphemeralResourceRequest(m: WireMessage): tf.RenewEphemeralResourceRequest {
  return { typeName: m.typeName ?? '', private: bytes(m.private) };
}

export function closeEphemeralResourceRequest(m: WireMessage): tf.CloseEphemeralResourceRequest {
  return { typeName: m.typeName ?? '', private: bytes(m.private) };
}
