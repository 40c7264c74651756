/**
 * Nested blocks (`timeouts { create = "5m" }`): a group of attributes (and blocks) written as a block
 * in configuration. A single block is an object or null; list and set blocks are arrays (empty when
 * absent).
 */
import type { Attribute } from './attributes.js';

export type Attributes = Record<string, Attribute<any>>;
export type Blocks = Record<string, Block<any, any, any>>;

export interface BlockOptions<A extends Attributes, B extends Blocks> {
  attributes: A;
  blocks?: B;
  description?: string;
  markdownDescription?: string;
  deprecationMessage?: string;
}

export interface Block<A extends Attributes, B extends Blocks, N extends 'single' | 'list' | 'set'> extends BlockOptions<A, B> {
  readonly kind: 'block';
  readonly nesting: N;
  minItems?: number;
  maxItems?: number;
}

export function singleNestedBlock<A extends Attributes, B extends Blocks = {}>(opts: BlockOptions<A, B>): Block<A, B, 'single'> {
  return { ...opts, kind: 'block', nesting: 'single' };
}

export function listNestedBlock<A extends Attributes, B extends Blocks = {}>(
  opts: BlockOptions<A, B> & { minItems?: number; maxItems?: number },
): Block<A, B, 'list'> {
  return { ...opts, kind: 'block', nesting: 'list' };
}

export function setNestedBlock<A extends Attributes, B extends Blocks = {}>(
  opts: BlockOptions<A, B> & { minItems?: number; maxItems?: number },
): Block<A, B, 'set'> {
  return { ...opts, kind: 'block', nesting: 'set' };
}
