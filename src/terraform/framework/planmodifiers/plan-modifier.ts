/**
 * Plan modifiers adjust one attribute's planned value during PlanResourceChange, after defaults and
 * after the framework marked computed attributes unknown. They never run on create-less destroys.
 */
import type { PathLike } from '../attribute-path.js';
import type { Diagnostics } from '../diagnostics.js';
import type { UnknownValue } from '../values.js';

export interface PlanModifierRequest<V> {
  path: PathLike;
  /** The configured value (null when not set, Unknown when not known until apply). */
  config: V | null | UnknownValue;
  /** The prior state's value; undefined when the resource is being created. */
  state: V | null | undefined;
  /** The value planned so far. */
  plan: V | null | UnknownValue;
  /** The resource exists and the planned value differs from the prior state's (sets compared as sets). */
  changed: boolean;
  diagnostics: Diagnostics;
}

export interface PlanModifierResponse<V> {
  /** Replaces the planned value when set. */
  plan?: V | null | UnknownValue;
  /** Changing this attribute needs the resource destroyed and created anew. */
  requiresReplace?: boolean;
}

export interface PlanModifier<V> {
  readonly description: string;
  modify(req: PlanModifierRequest<V>): PlanModifierResponse<V> | void;
}
