// Test helpers: encode/decode DynamicValues with the real cty codec, so framework tests call the
// ProviderServer methods exactly as the gRPC layer does, without gRPC.
import { decodeDynamicValue, encodeDynamicValue } from '../../../src/terraform/protocol/cty/index.js';
import type { CtyValue, Diagnostic, DynamicValue } from '../../../src/terraform/protocol/types.js';
import { schemaCtyType, type SchemaDefinition } from '../../../src/terraform/framework/index.js';

export const NULL: DynamicValue = { msgpack: new Uint8Array([0xc0]) };

/** Encodes a partial object: attributes not given are null (blocks: null / empty list). */
export function dv(schema: SchemaDefinition<any, any>, value: Record<string, unknown> | null): DynamicValue {
  if (value === null) return NULL;
  return encodeDynamicValue(fill(schema, value) as CtyValue, schemaCtyType(schema));
}

export function fill(schema: { attributes: object; blocks?: Record<string, any> }, value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(schema.attributes)) out[name] = value[name] ?? null;
  for (const [name, block] of Object.entries(schema.blocks ?? {})) {
    const v = value[name];
    if (block.nesting === 'single') out[name] = v ? fill(block, v as Record<string, unknown>) : null;
    else out[name] = ((v as Record<string, unknown>[]) ?? []).map((e) => fill(block, e));
  }
  return out;
}

export function decode(schema: SchemaDefinition<any, any>, value: DynamicValue | undefined): Record<string, unknown> | null {
  if (!value) throw new Error('no value returned');
  return decodeDynamicValue(value, schemaCtyType(schema)) as Record<string, unknown> | null;
}

export function errors(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.severity === 'error');
}

export function summaries(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.severity}: ${d.summary}`);
}
