import { isUnknown } from '../values.js';
import type { ConfigValidator } from './validator.js';

/** Exactly one of the named attributes is set (unknown counts as set: it will be, at apply). */
export function exactlyOneOf(...names: string[]): ConfigValidator {
  const list = names.map((n) => `"${n}"`).join(', ');
  return {
    description: `exactly one of ${list}`,
    validate({ config, diagnostics }) {
      const set = names.filter((n) => config[n] !== null && config[n] !== undefined);
      if (set.length === 1) return;
      if (set.length === 0 && names.some((n) => isUnknown(config[n]))) return;
      diagnostics.addError(
        'Invalid Attribute Combination',
        set.length === 0
          ? `Exactly one of ${list} must be set; none is.`
          : `Exactly one of ${list} must be set; ${set.map((n) => `"${n}"`).join(' and ')} are.`,
        [set[1] ?? names[0]],
      );
    },
  };
}
