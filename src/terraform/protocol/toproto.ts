/**
 * Plain → wire: turns the plain response types of ./types.ts into objects protobufjs encodes (camelCase
 * field names, enums as numbers, cty types as their JSON bytes). Unset optional fields are left out so
 * they are not written at all.
 */
import type * as tf from './types.js';
import { ctyTypeToJSON } from './cty/type-json.js';
import type { tfplugin6 as wire } from './proto/message-types.js';

const utf8 = new TextEncoder();

const SEVERITY = { error: 1, warning: 2 } as const;
const STRING_KIND = { plain: 0, markdown: 1 } as const;
const BLOCK_NESTING = { single: 1, list: 2, set: 3, map: 4, group: 5 } as const;
const OBJECT_NESTING = { single: 1, list: 2, set: 3, map: 4 } as const;

export function attributePath(path: tf.AttributePath): wire.AttributePath.$Properties {
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

export function diagnostic(d: tf.Diagnostic): wire.Diagnostic.$Properties {
  const out: wire.Diagnostic.$Properties = { severity: SEVERITY[d.severity] ?? 1, summary: d.summary };
  if (d.detail) out.detail = d.detail;
  if (d.attribute && d.attribute.length > 0) out.attribute = attributePath(d.attribute);
  return out;
}

export function diagnostics(list: tf.Diagnostic[] | undefined): wire.Diagnostic.$Properties[] {
  return (list ?? []).map(diagnostic);
}

export function dynamicValue(dv: tf.DynamicValue | undefined): wire.DynamicValue.$Properties | undefined {
  if (!dv) return undefined;
  const out: wire.DynamicValue.$Properties = {};
  if (dv.msgpack) out.msgpack = dv.msgpack;
  if (dv.json) out.json = dv.json;
  return out;
}

function schemaAttribute(a: tf.SchemaAttribute): wire.Schema.Attribute.$Properties {
  const out: wire.Schema.Attribute.$Properties = {
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

function schemaBlock(b: tf.SchemaBlock): wire.Schema.Block.$Properties {
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

export function schema(s: tf.Schema): wire.Schema.$Properties {
  return { version: s.version, block: schemaBlock(s.block) };
}

function schemaMap(map: Record<string, tf.Schema> | undefined): Record<string, wire.Schema.$Properties> {
  const out: Record<string, wire.Schema.$Properties> = {};
  for (const [name, s] of Object.entries(map ?? {})) out[name] = schema(s);
  return out;
}

export function serverCapabilities(c: tf.ServerCapabilities | undefined): wire.ServerCapabilities.$Properties | undefined {
  if (!c) return undefined;
  return {
    planDestroy: !!c.planDestroy,
    getProviderSchemaOptional: !!c.getProviderSchemaOptional,
    moveResourceState: !!c.moveResourceState,
  };
}

function timestamp(d: Date | undefined): { seconds: number; nanos: number } | undefined {
  if (!d) return undefined;
  const ms = d.getTime();
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: (ms - seconds * 1000) * 1_000_000 };
}

/** `out` plus those of `fields` that are set: an unset optional field is not written at all. */
function withOptional<M extends object>(out: M, fields: Partial<M>): M {
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

export function getMetadataResponse(r: tf.GetMetadataResponse): wire.GetMetadata.Response.$Properties {
  return withOptional<wire.GetMetadata.Response.$Properties>(
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

export function getProviderSchemaResponse(r: tf.GetProviderSchemaResponse): wire.GetProviderSchema.Response.$Properties {
  return withOptional<wire.GetProviderSchema.Response.$Properties>(
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

export function getResourceIdentitySchemasResponse(r: tf.GetResourceIdentitySchemasResponse): wire.GetResourceIdentitySchemas.Response.$Properties {
  return { identitySchemas: {}, diagnostics: diagnostics(r.diagnostics) };
}

/** Responses that only carry diagnostics (the Validate* RPCs, ConfigureProvider, CloseEphemeralResource). */
export function diagnosticsResponse(r: { diagnostics: tf.Diagnostic[] }): { diagnostics: wire.Diagnostic.$Properties[] } {
  return { diagnostics: diagnostics(r.diagnostics) };
}

export function upgradeResourceStateResponse(r: tf.UpgradeResourceStateResponse): wire.UpgradeResourceState.Response.$Properties {
  return withOptional<wire.UpgradeResourceState.Response.$Properties>({ diagnostics: diagnostics(r.diagnostics) }, { upgradedState: dynamicValue(r.upgradedState) });
}

export function readResourceResponse(r: tf.ReadResourceResponse): wire.ReadResource.Response.$Properties {
  return withOptional<wire.ReadResource.Response.$Properties>(
    { diagnostics: diagnostics(r.diagnostics) },
    { newState: dynamicValue(r.newState), private: r.private },
  );
}

export function planResourceChangeResponse(r: tf.PlanResourceChangeResponse): wire.PlanResourceChange.Response.$Properties {
  return withOptional<wire.PlanResourceChange.Response.$Properties>(
    {
      requiresReplace: (r.requiresReplace ?? []).map(attributePath),
      diagnostics: diagnostics(r.diagnostics),
      legacyTypeSystem: !!r.legacyTypeSystem,
    },
    { plannedState: dynamicValue(r.plannedState), plannedPrivate: r.plannedPrivate },
  );
}

export function applyResourceChangeResponse(r: tf.ApplyResourceChangeResponse): wire.ApplyResourceChange.Response.$Properties {
  return withOptional<wire.ApplyResourceChange.Response.$Properties>(
    { diagnostics: diagnostics(r.diagnostics), legacyTypeSystem: !!r.legacyTypeSystem },
    { newState: dynamicValue(r.newState), private: r.private },
  );
}

export function importResourceStateResponse(r: tf.ImportResourceStateResponse): wire.ImportResourceState.Response.$Properties {
  return {
    importedResources: r.importedResources.map((ir) =>
      withOptional<wire.ImportResourceState.ImportedResource.$Properties>({ typeName: ir.typeName, state: dynamicValue(ir.state) }, { private: ir.private }),
    ),
    diagnostics: diagnostics(r.diagnostics),
  };
}

export function moveResourceStateResponse(r: tf.MoveResourceStateResponse): wire.MoveResourceState.Response.$Properties {
  return withOptional<wire.MoveResourceState.Response.$Properties>(
    { diagnostics: diagnostics(r.diagnostics) },
    { targetState: dynamicValue(r.targetState), targetPrivate: r.targetPrivate },
  );
}

export function readDataSourceResponse(r: tf.ReadDataSourceResponse): wire.ReadDataSource.Response.$Properties {
  return withOptional<wire.ReadDataSource.Response.$Properties>({ diagnostics: diagnostics(r.diagnostics) }, { state: dynamicValue(r.state) });
}

export function openEphemeralResourceResponse(r: tf.OpenEphemeralResourceResponse): wire.OpenEphemeralResource.Response.$Properties {
  return withOptional<wire.OpenEphemeralResource.Response.$Properties>(
    { diagnostics: diagnostics(r.diagnostics) },
    { renewAt: timestamp(r.renewAt), result: dynamicValue(r.result), private: r.private },
  );
}

export function renewEphemeralResourceResponse(r: tf.RenewEphemeralResourceResponse): wire.RenewEphemeralResource.Response.$Properties {
  return withOptional<wire.RenewEphemeralResource.Response.$Properties>(
    { diagnostics: diagnostics(r.diagnostics) },
    { renewAt: timestamp(r.renewAt), private: r.private },
  );
}

export function stopProviderResponse(r: tf.StopProviderResponse): wire.StopProvider.Response.$Properties {
  return { Error: r.error ?? '' };
}
