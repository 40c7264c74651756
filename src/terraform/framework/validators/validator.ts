/**
 * Validators check one attribute's configured value (never null or unknown: those are skipped) and
 * add diagnostics at its path. Config validators check relations between attributes.
 */
import type { PathLike } from '../attribute-path.js';
import type { Diagnostics } from '../diagnostics.js';

export interface ValidatorRequest<V> {
  value: V;
  path: PathLike;
  diagnostics: Diagnostics;
}

export interface Validator<V> {
  /** Plain-English rule, e.g. "length at most 1000"; used in docs and messages. */
  readonly description: string;
  validate(req: ValidatorRequest<V>): void;
}

/** A rule over the whole (possibly partly unknown) config object of a resource or data source. */
export interface ConfigValidator {
  readonly description: string;
  validate(req: { config: Record<string, unknown>; diagnostics: Diagnostics }): void;
}
