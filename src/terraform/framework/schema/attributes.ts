/**
 * Attribute declarations: `stringAttribute({ required: true, description: '…' })` and friends. Each
 * carries its value type (for typed models), its cty type (for the wire), and its validators, plan
 * modifiers and default.
 */
import type { CtyType } from '../../protocol/types.js';
import type { Default } from '../defaults/default.js';
import type { PlanModifier } from '../planmodifiers/plan-modifier.js';
import type { Validator } from '../validators/validator.js';

export interface AttributeOptions<V> {
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  /** Plain-text description. */
  description?: string;
  /** Markdown description (docs use it; wins over `description` on the wire). */
  markdownDescription?: string;
  /** Set to warn users who still configure the attribute. */
  deprecationMessage?: string;
  validators?: Validator<V>[];
  planModifiers?: PlanModifier<V>[];
  /** Planned value when the config leaves it null; needs `computed: true`. */
  default?: Default<V>;
}

export interface Attribute<V> extends AttributeOptions<V> {
  readonly kind: 'attribute';
  readonly type: CtyType;
  /** Phantom field carrying the value type; never set. */
  readonly __value?: V;
}

export type PrimitiveTypeName = 'string' | 'number' | 'bool';
export type PrimitiveValue<T extends PrimitiveTypeName> = T extends 'string' ? string : T extends 'number' ? number : boolean;

function attribute<V>(type: CtyType, opts: AttributeOptions<V>): Attribute<V> {
  return { ...opts, kind: 'attribute', type };
}

export function stringAttribute(opts: AttributeOptions<string>): Attribute<string> {
  return attribute('string', opts);
}

export function numberAttribute(opts: AttributeOptions<number>): Attribute<number> {
  return attribute('number', opts);
}

export function boolAttribute(opts: AttributeOptions<boolean>): Attribute<boolean> {
  return attribute('bool', opts);
}

export function listAttribute<E extends PrimitiveTypeName>(
  opts: AttributeOptions<PrimitiveValue<E>[]> & { elementType: E },
): Attribute<PrimitiveValue<E>[]> {
  const { elementType, ...rest } = opts;
  return attribute(['list', elementType], rest);
}

/** Sets arrive and leave as arrays; their order carries no meaning. */
export function setAttribute<E extends PrimitiveTypeName>(
  opts: AttributeOptions<PrimitiveValue<E>[]> & { elementType: E },
): Attribute<PrimitiveValue<E>[]> {
  const { elementType, ...rest } = opts;
  return attribute(['set', elementType], rest);
}

export function mapAttribute<E extends PrimitiveTypeName>(
  opts: AttributeOptions<Record<string, PrimitiveValue<E>>> & { elementType: E },
): Attribute<Record<string, PrimitiveValue<E>>> {
  const { elementType, ...rest } = opts;
  return attribute(['map', elementType], rest);
}
