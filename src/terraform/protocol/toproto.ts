/**
 * Plain → wire: turns the plain response types of ./types.ts into objects protobufjs encodes (camelCase
 * field names, enums as numbers, cty types as their JSON bytes). Unset optional fields are left out so
 * they are not written at all.
 */
import type * as tf from './types.js';
import { ctyTypeToJSON } from './cty/type-json.js';
import type { WireMessage } from './fromproto.js';

const utf8 = new TextEncoder();

const SEVERITY = { error: 1, warning: 2 } as const;
const STRING_KIND = { plain: 0, markdown: 1 } as const;
const BLOCK_NESTING = { single: 1, list: 2, set: 3, map: 4, group: 5 } as const;
const OBJECT_NESTING = { single: 1, list: 2, set: 3, map: 4 } as const;

export function attributePath(path: tf.AttributePath): WireMessage {
  return {
    steps: path.map((step) =>
      'attributeName' in step
        ? { attributeName: step.attributeName }
        : 'elementKeyString' in step
          ? { elementKeyString: step.elementKeyString }
          : { elementKeyInt: step.elementKeyInt },
    ),
  };
}

export function diagnostic(d: tf.Diagnostic): WireMessage {
  const out: WireMessage = { severity: SEVERITY[d.severity] ?? 1, summary: d.summary };
  if (d.detail) out.detail = d.detail;
  if (d.attribute && d.attribute.length > 0) out.attribute = attributePath(d.attribute);
  return out;
}

export function diagnostics(list: tf.Diagnostic[] | undefined): WireMessage[] {
  return (list ?? []).map(diagnostic);
}

export function dynamicValue(dv: tf.DynamicValue | undefined): WireMessage | undefined {
  if (!dv) return undefined;
  const out: WireMessage = {};
  if (dv.msgpack) out.msgpack = dv.msgpack;
  if (dv.json) out.json = dv.json;
  return out;
}

function schemaAttribute(a: tf.SchemaAttribute): WireMessage {
  const out: WireMessage = {
    name: a.name,
    description: a.description ?? '',
    descriptionKind: STRING_KIND[a.descriptionKind ?? 'plain'],
    required: !!a.required,
    optional: !!a.optional,
    computed: !!a.computed,
    sensitive: !!a.sensitive,
    deprecated: !!a.deprecated,
    writeOnly: !!a.writeOnly,
  };
  if (a.type !== undefined) out.type = utf8.encode(ctyTypeToJSON(a.type));
  if (a.nestedType) {
    out.nestedType = { attributes: a.nestedType.attributes.map(schemaAttribute), nesting: OBJECT_NESTING[a.nestedType.nesting] };
  }
  return out;
}

function schemaBlock(b: tf.SchemaBlock): WireMessage {
  return {
    version: b.version ?? 0,
    attributes: b.attributes.map(schemaAttribute),
    blockTypes: b.blockTypes.map((nb) => ({
      typeName: nb.typeName,
      block: schemaBlock(nb.block),
      nesting: BLOCK_NESTING[nb.nesting],
      minItems: nb.minItems ?? 0,
      maxItems: nb.maxItems ?? 0,
    })),
    description: b.description ?? '',
    descriptionKind: STRING_KIND[b.descriptionKind ?? 'plain'],
    deprecated: !!b.deprecated,
  };
}

export function schema(s: tf.Schema): WireMessage {
  return { version: s.version, block: schemaBlock(s.block) };
}

function schemaMap(map: Record<string, tf.Schema> | undefined): Record<string, WireMessage> {
  const out: Record<string, WireMessage> = {};
  for (const [name, s] of Object.entries(map ?? {})) out[name] = schema(s);
  return out;
}

export function serverCapabilities(c: tf.ServerCapabilities | undefined): WireMessage | undefined {
  if (!c) return undefined;
  return {
    planDestroy: !!c.planDestroy,
    getProviderSchemaOptional: !!c.getProviderSchemaOptional,
    moveResourceState: !!c.moveResourceState,
  };
}

function timestamp(d: Date | undefined): WireMessage | undefined {
  if (!d) return undefined;
  const ms = d.getTime();
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: (ms - seconds * 1000) * 1_000_000 };
}

function withOptional(out: WireMessage, fields: Record<string, unknown>): WireMessage {
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = v;
  return out;
}

export function getMetadataResponse(r: tf.GetMetadataResponse): WireMessage {
  return withOptional(
    {
      diagnostics: diagnostics(r.diagnostics),
      resources: r.resources.map((x) => ({ typeName: x.typeName })),
      dataSources: r.dataSources.map((x) => ({ typeName: x.typeName })),
      ephemeralResources: r.ephemeralResources.map((x) => ({ typeName: x.typeName })),
      functions: r.functions.map((x) => ({ name: x.name })),
    },
    { serverCapabilities: serverCapabilities(r.serverCapabilities) },
  );
}

export function getProviderSchemaResponse(r: tf.GetProviderSchemaResponse): WireMessage {
  return withOptional(
    {
      provider: schema(r.provider),
      resourceSchemas: schemaMap(r.resourceSchemas),
      dataSourceSchemas: schemaMap(r.dataSourceSchemas),
      ephemeralResourceSchemas: schemaMap(r.ephemeralResourceSchemas),
      functions: {},
      diagnostics: diagnostics(r.diagnostics),
    },
    {
      providerMeta: r.providerMeta ? schema(r.providerMeta) : undefined,
      serverCapabilities: serverCapabilities(r.serverCapabilities),
    },
  );
}

export function getResourceIdentitySchemasResponse(r: tf.GetResourceIdentitySchemasResponse): WireMessage {
  return { identitySchemas: {}, diagnostics: diagnostics(r.diagnostics) };
}

/** Responses that only carry diagnostics (the Validate* RPCs, ConfigureProvider, CloseEphemeralResource). */
export function diagnosticsResponse(r: { diagnostics: tf.Diagnostic[] }): WireMessage {
  return { diagnostics: diagnostics(r.diagnostics) };
}

export function upgradeResourceStateResponse(r: tf.UpgradeResourceStateResponse): WireMessage {
  return withOptional({ diagnostics: diagnostics(r.diagnostics) }, { upgradedState: dynamicValue(r.upgradedState) });
}

export function readResourceResponse(r: tf.ReadResourceResponse): WireMessage {
  return withOptional(
    { diagnostics: diagnostics(r.diagnostics) },
    { newState: dynamicValue(r.newState), private: r.private },
  );
}

export function planResourceChangeResponse(r: tf.PlanResourceChangeResponse): WireMessage {
  return withOptional(
    {
      requiresReplace: (r.requiresReplace ?? []).map(attributePath),
      diagnostics: diagnostics(r.diagnostics),
      legacyTypeSystem: !!r.legacyTypeSystem,
    },
    { plannedState: dynamicValue(r.plannedState), plannedPrivate: r.plannedPrivate },
  );
}

export function applyResourceChangeResponse(r: tf.ApplyResourceChangeResponse): WireMessage {
  return withOptional(
    { diagnostics: diagnostics(r.diagnostics), legacyTypeSystem: !!r.legacyTypeSystem },
    { newState: dynamicValue(r.newState), private: r.private },
  );
}

export function importResourceStateResponse(r: tf.ImportResourceStateResponse): WireMessage {
  return {
    importedResources: r.importedResources.map((ir) =>
      withOptional({ typeName: ir.typeName, state: dynamicValue(ir.state) }, { private: ir.private }),
    ),
    diagnostics: diagnostics(r.diagnostics),
  };
}

export function moveResourceStateResponse(r: tf.MoveResourceStateResponse): WireMessage {
  return withOptional(
    { diagnostics: diagnostics(r.diagnostics) },
    { targetState: dynamicValue(r.targetState), targetPrivate: r.targetPrivate },
  );
}

export function readDataSourceResponse(r: tf.ReadDataSourceResponse): WireMessage {
  return withOptional({ diagnostics: diagnostics(r.diagnostics) }, { state: dynamicValue(r.state) });
}

export function openEphemeralResourceResponse(r: tf.OpenEphemeralResourceResponse): WireMessage {
  return withOptional(
    { diagnostics: diagnostics(r.diagnostics) },
    { renewAt: timestamp(r.renewAt), result: dynamicValue(r.result), private: r.private },
  );
}

export function renewEphemeralResourceResponse(r: tf.RenewEphemeralResourceResponse): WireMessage {
  return withOptional(
    { diagnostics: diagnostics(r.diagnostics) },
    { renewAt: timestamp(r.renewAt), private: r.private },
  );
}

export function stopProviderResponse(r: tf.StopProviderResponse): WireMessage {
  return { Error: r.error ?? '' };
}
