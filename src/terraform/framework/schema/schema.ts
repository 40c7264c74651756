/**
 * A resource's (or data source's, or the provider's) schema and the typed model it implies.
 *
 *   const schema = defineSchema({
 *     description: 'An organization.',
 *     attributes: {
 *       id: stringAttribute({ computed: true, planModifiers: [useStateForUnknown()] }),
 *       name: stringAttribute({ required: true }),
 *     },
 *     blocks: { timeouts: timeoutsBlock() },
 *   });
 *   type OrganizationModel = Model<typeof schema>;  // { id: string | null; name: string | null; timeouts: {...} | null }
 */
import type { CtyType, Schema, SchemaBlock, UnknownValue } from '../../protocol/types.js';
import type { Attribute } from './attributes.js';
import type { Attributes, Block, Blocks } from './blocks.js';

export interface SchemaDefinition<A extends Attributes = Attributes, B extends Blocks = Blocks> {
  /** Bump when the state's shape changes incompatibly (state upgrades are not supported yet). */
  version?: number;
  description?: string;
  markdownDescription?: string;
  deprecationMessage?: string;
  attributes: A;
  blocks?: B;
}

/** Checks the definition (defaults need computed, required excludes optional/computed…) and returns it. */
export function defineSchema<A extends Attributes, B extends Blocks = {}>(def: SchemaDefinition<A, B>): SchemaDefinition<A, B> {
  checkAttributes(def.attributes, def.blocks ?? {}, []);
  return def;
}

function checkAttributes(attributes: Attributes, blocks: Blocks, at: string[]): void {
  for (const [name, attr] of Object.entries(attributes)) {
    const where = [...at, name].join('.');
    if (name in blocks) throw new Error(`schema: "${where}" is both an attribute and a block`);
    if (attr.required && (attr.optional || attr.computed)) {
      throw new Error(`schema: attribute "${where}" is required, so it cannot also be optional or computed`);
    }
    if (!attr.required && !attr.optional && !attr.computed) {
      throw new Error(`schema: attribute "${where}" must be required, optional or computed`);
    }
    if (attr.default && !attr.computed) {
      throw new Error(`schema: attribute "${where}" has a default, so it must be computed too (terraform rejects a planned value that differs from a null config otherwise)`);
    }
  }
  for (const [name, block] of Object.entries(blocks)) checkAttributes(block.attributes, block.blocks ?? {}, [...at, name]);
}

// ---- typed models ---------------------------------------------------------------------------------

type AttributeValue<T> = T extends Attribute<infer V> ? V : never;

type BlockValue<T> =
  T extends Block<infer A, infer B, infer N>
    ? N extends 'single'
      ? ModelOf<A, B> | null
      : ModelOf<A, B>[]
    : never;

type ModelOf<A extends Attributes, B extends Blocks> = { [K in keyof A]: AttributeValue<A[K]> | null } & {
  [K in keyof B]: BlockValue<B[K]>;
};

/** The known value of a whole object of this schema: state after apply, or a read's result. */
export type Model<S extends SchemaDefinition<any, any>> =
  S extends SchemaDefinition<infer A, infer B> ? ModelOf<A, B> : never;

/**
 * Config and plan values: like {@link Model}, but each top-level attribute may be Unknown (the value
 * is only known after apply). Values inside collections and blocks may be Unknown too; check with
 * `containsUnknown` before relying on them.
 */
export type Planned<S extends SchemaDefinition<any, any>> = { [K in keyof Model<S>]: Model<S>[K] | UnknownValue };

// ---- protocol forms -------------------------------------------------------------------------------

/** The cty object type of a whole object of this schema (what DynamicValues are decoded with). */
export function schemaCtyType(def: Pick<SchemaDefinition, 'attributes' | 'blocks'>): CtyType {
  const fields: Record<string, CtyType> = {};
  for (const [name, attr] of Object.entries(def.attributes)) fields[name] = attr.type;
  for (const [name, block] of Object.entries(def.blocks ?? {})) {
    const object = schemaCtyType(block);
    fields[name] = block.nesting === 'single' ? object : [block.nesting, object];
  }
  return ['object', fields];
}

/** The tfplugin6 Schema terraform receives from GetProviderSchema. */
export function toProtocolSchema(def: SchemaDefinition): Schema {
  return { version: def.version ?? 0, block: toProtocolBlock(def) };
}

function describe(def: { description?: string; markdownDescription?: string }) {
  if (def.markdownDescription !== undefined) return { description: def.markdownDescription, descriptionKind: 'markdown' as const };
  if (def.description !== undefined) return { description: def.description, descriptionKind: 'plain' as const };
  return {};
}

function toProtocolBlock(def: Omit<SchemaDefinition, 'version'>): SchemaBlock {
  return {
    ...describe(def),
    ...(def.deprecationMessage ? { deprecated: true } : {}),
    attributes: Object.entries(def.attributes).map(([name, a]) => ({
      name,
      type: a.type,
      ...describe(a),
      ...(a.required ? { required: true } : {}),
      ...(a.optional ? { optional: true } : {}),
      ...(a.computed ? { computed: true } : {}),
      ...(a.sensitive ? { sensitive: true } : {}),
      ...(a.deprecationMessage ? { deprecated: true } : {}),
    })),
    blockTypes: Object.entries(def.blocks ?? {}).map(([typeName, b]) => ({
      typeName,
      nesting: b.nesting,
      block: toProtocolBlock(b),
      ...(b.minItems !== undefined ? { minItems: b.minItems } : {}),
      ...(b.maxItems !== undefined ? { maxItems: b.maxItems } : {}),
    })),
  };
}
