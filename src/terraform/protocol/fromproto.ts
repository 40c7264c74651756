/**
 * Wire → plain: turns decoded protobuf request messages (protobufjs instances, camelCase fields) into
 * the plain request types of ./types.ts. Absent DynamicValues become `{}` (read as null by the codec);
 * empty byte fields become undefined, so the framework never has to tell "unset" from "empty".
 */
import type { tfplugin6 as wire } from './proto/message-types.js';
import type * as tf from './types.js';

/**
 * A message as it crosses the gRPC boundary, before it is known which one it is (the generic
 * dispatch in provider-service.ts, grpc-services.ts, tests). The functions here and in toproto.ts
 * read and write each message through its generated type (./proto/message-types.d.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type WireMessage = Record<string, any>;

export function dynamicValue(m: wire.DynamicValue.$Properties | null | undefined): tf.DynamicValue {
  if (!m) return {};
  const out: tf.DynamicValue = {};
  if (m.msgpack && m.msgpack.length > 0) out.msgpack = m.msgpack;
  if (m.json && m.json.length > 0) out.json = m.json;
  return out;
}

function optionalDynamicValue(m: wire.DynamicValue.$Properties | null | undefined): tf.DynamicValue | undefined {
  const dv = dynamicValue(m);
  return dv.msgpack || dv.json ? dv : undefined;
}

function bytes(b: Uint8Array | null | undefined): Uint8Array | undefined {
  return b && b.length > 0 ? b : undefined;
}

export function rawState(m: wire.RawState.$Properties | null | undefined): tf.RawState {
  if (!m) return {};
  const out: tf.RawState = {};
  if (m.json && m.json.length > 0) out.json = m.json;
  if (m.flatmap && Object.keys(m.flatmap).length > 0) out.flatmap = { ...m.flatmap };
  return out;
}

export function clientCapabilities(m: wire.ClientCapabilities.$Properties | null | undefined): tf.ClientCapabilities | undefined {
  if (!m) return undefined;
  return { deferralAllowed: !!m.deferralAllowed, writeOnlyAttributesAllowed: !!m.writeOnlyAttributesAllowed };
}

export function validateProviderConfigRequest(m: wire.ValidateProviderConfig.Request): tf.ValidateProviderConfigRequest {
  return { config: dynamicValue(m.config) };
}

export function configureProviderRequest(m: wire.ConfigureProvider.Request): tf.ConfigureProviderRequest {
  return {
    terraformVersion: m.terraformVersion ?? '',
    config: dynamicValue(m.config),
    clientCapabilities: clientCapabilities(m.clientCapabilities),
  };
}

export function validateResourceConfigRequest(m: wire.ValidateResourceConfig.Request): tf.ValidateResourceConfigRequest {
  return {
    typeName: m.typeName ?? '',
    config: dynamicValue(m.config),
    clientCapabilities: clientCapabilities(m.clientCapabilities),
  };
}

export function upgradeResourceStateRequest(m: wire.UpgradeResourceState.Request): tf.UpgradeResourceStateRequest {
  return { typeName: m.typeName ?? '', version: Number(m.version ?? 0), rawState: rawState(m.rawState) };
}

export function readResourceRequest(m: wire.ReadResource.Request): tf.ReadResourceRequest {
  return {
    typeName: m.typeName ?? '',
    currentState: dynamicValue(m.currentState),
    private: bytes(m.private),
    providerMeta: optionalDynamicValue(m.providerMeta),
    clientCapabilities: clientCapabilities(m.clientCapabilities),
  };
}

export function planResourceChangeRequest(m: wire.PlanResourceChange.Request): tf.PlanResourceChangeRequest {
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

export function applyResourceChangeRequest(m: wire.ApplyResourceChange.Request): tf.ApplyResourceChangeRequest {
  return {
    typeName: m.typeName ?? '',
    priorState: dynamicValue(m.priorState),
    plannedState: dynamicValue(m.plannedState),
    config: dynamicValue(m.config),
    plannedPrivate: bytes(m.plannedPrivate),
    providerMeta: optionalDynamicValue(m.providerMeta),
  };
}

export function importResourceStateRequest(m: wire.ImportResourceState.Request): tf.ImportResourceStateRequest {
  return { typeName: m.typeName ?? '', id: m.id ?? '', clientCapabilities: clientCapabilities(m.clientCapabilities) };
}

export function moveResourceStateRequest(m: wire.MoveResourceState.Request): tf.MoveResourceStateRequest {
  return {
    sourceProviderAddress: m.sourceProviderAddress ?? '',
    sourceTypeName: m.sourceTypeName ?? '',
    sourceSchemaVersion: Number(m.sourceSchemaVersion ?? 0),
    sourceState: rawState(m.sourceState),
    targetTypeName: m.targetTypeName ?? '',
    sourcePrivate: bytes(m.sourcePrivate),
  };
}

export function validateDataResourceConfigRequest(m: wire.ValidateDataResourceConfig.Request): tf.ValidateDataResourceConfigRequest {
  return { typeName: m.typeName ?? '', config: dynamicValue(m.config) };
}

export function readDataSourceRequest(m: wire.ReadDataSource.Request): tf.ReadDataSourceRequest {
  return {
    typeName: m.typeName ?? '',
    config: dynamicValue(m.config),
    providerMeta: optionalDynamicValue(m.providerMeta),
    clientCapabilities: clientCapabilities(m.clientCapabilities),
  };
}

export function validateEphemeralResourceConfigRequest(m: wire.ValidateEphemeralResourceConfig.Request): tf.ValidateEphemeralResourceConfigRequest {
  return { typeName: m.typeName ?? '', config: dynamicValue(m.config) };
}

export function openEphemeralResourceRequest(m: wire.OpenEphemeralResource.Request): tf.OpenEphemeralResourceRequest {
  return {
    typeName: m.typeName ?? '',
    config: dynamicValue(m.config),
    clientCapabilities: clientCapabilities(m.clientCapabilities),
  };
}

export function renewEphemeralResourceRequest(m: wire.RenewEphemeralResource.Request): tf.RenewEphemeralResourceRequest {
  return { typeName: m.typeName ?? '', private: bytes(m.private) };
}

export function closeEphemeralResourceRequest(m: wire.CloseEphemeralResource.Request): tf.CloseEphemeralResourceRequest {
  return { typeName: m.typeName ?? '', private: bytes(m.private) };
}
