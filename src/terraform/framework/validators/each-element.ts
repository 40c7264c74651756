import { isKnown } from '../values.js';
import type { Validator } from './validator.js';

/** Applies `inner` to every known element of a list or set (paths point at the element). */
export function eachElement<E>(inner: Validator<E>): Validator<readonly E[]> {
  return {
    description: `each element: ${inner.description}`,
    validate({ value, path, diagnostics }) {
      value.forEach((element, i) => {
        if (isKnown(element)) inner.validate({ value: element, path: [...(path as (string | number)[]), i], diagnostics });
      });
    },
  };
}
