import type { Validator } from './validator.js';

/** A list, set or map has between `min` and `max` elements. */
export function sizeBetween(min: number, max: number): Validator<readonly unknown[] | Record<string, unknown>> {
  const description = `between ${min} and ${max} elements`;
  return {
    description,
    validate({ value, path, diagnostics }) {
      const size = Array.isArray(value) ? value.length : Object.keys(value).length;
      if (size < min || size > max) {
        diagnostics.addError('Invalid Attribute Value', `The collection must have ${description}; got ${size}.`, path);
      }
    },
  };
}
