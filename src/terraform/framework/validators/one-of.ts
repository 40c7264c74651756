import type { Validator } from './validator.js';

/** The value is one of the given ones. */
export function oneOf<V extends string | number>(...allowed: V[]): Validator<V> {
  const list = allowed.map((v) => JSON.stringify(v)).join(', ');
  return {
    description: `one of ${list}`,
    validate({ value, path, diagnostics }) {
      if (!allowed.includes(value)) {
        diagnostics.addError('Invalid Attribute Value', `${JSON.stringify(value)} is not allowed; use one of ${list}.`, path);
      }
    },
  };
}
