import type { Validator } from './validator.js';

/** The number is within [min, max] (and, with `integer`, whole). */
export function numberBetween(min: number, max: number, opts: { integer?: boolean } = {}): Validator<number> {
  const description = `${opts.integer ? 'a whole number' : 'a number'} between ${min} and ${max}`;
  return {
    description,
    validate({ value, path, diagnostics }) {
      const n = Number(value);
      if (!(n >= min && n <= max) || (opts.integer && !Number.isInteger(n))) {
        diagnostics.addError('Invalid Attribute Value', `The value must be ${description}; got ${String(value)}.`, path);
      }
    },
  };
}
