import type { Default } from './default.js';

/** The same value every time, e.g. `default: staticDefault(false)`. */
export function staticDefault<V extends string | number | boolean | readonly unknown[]>(value: V): Default<V> {
  return {
    description: `Defaults to ${JSON.stringify(value)}.`,
    value: () => (Array.isArray(value) ? ([...value] as unknown as V) : value),
  };
}
