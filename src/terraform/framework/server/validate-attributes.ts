/**
 * Runs every attribute's validators over a (possibly partly unknown) config, descending into blocks.
 * Null and unknown values are skipped: required-ness is terraform's own check, and unknown values are
 * validated again when they are known.
 */
import type { CtyValue } from '../../protocol/types.js';
import type { PathStep } from '../attribute-path.js';
import type { Diagnostics } from '../diagnostics.js';
import type { Attributes, Blocks } from '../schema/blocks.js';
import { containsUnknown } from '../values.js';

export function validateAttributes(
  def: { attributes: Attributes; blocks?: Blocks },
  config: CtyValue,
  diagnostics: Diagnostics,
  path: PathStep[] = [],
): void {
  if (!config || typeof config !== 'object' || Array.isArray(config)) return;
  const object = config as Record<string, CtyValue>;
  for (const [name, attr] of Object.entries(def.attributes)) {
    const value = object[name];
    if (value === null || value === undefined) continue;
    if (attr.deprecationMessage) diagnostics.addWarning('Attribute Deprecated', attr.deprecationMessage, [...path, name]);
    // Collections validate element-wise even when partly unknown (eachElement skips unknowns).
    if (containsUnknown(value) && !Array.isArray(value)) continue;
    for (const v of attr.validators ?? []) v.validate({ value, path: [...path, name], diagnostics });
  }
  for (const [name, block] of Object.entries(def.blocks ?? {})) {
    const value = object[name];
    if (Array.isArray(value)) value.forEach((element, i) => validateAttributes(block, element, diagnostics, [...path, name, i]));
    else validateAttributes(block, value, diagnostics, [...path, name]);
  }
}
