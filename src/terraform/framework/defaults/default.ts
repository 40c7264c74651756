/**
 * Defaults give an attribute a planned value when the configuration leaves it null. An attribute with a
 * default must be `computed` (the value comes from the provider, not the config), as terraform requires.
 */
export interface Default<V> {
  readonly description: string;
  value(): V;
}
