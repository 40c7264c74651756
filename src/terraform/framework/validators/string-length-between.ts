import type { Validator } from './validator.js';

/** The string's length (in characters) is within [min, max]. */
export function stringLengthBetween(min: number, max: number): Validator<string> {
  const description = `length between ${min} and ${max} characters`;
  return {
    description,
    validate({ value, path, diagnostics }) {
      const length = [...value].length;
      if (length < min || length > max) {
        diagnostics.addError('Invalid Attribute Value Length', `The value must have a ${description}; got ${length}.`, path);
      }
    },
  };
}
