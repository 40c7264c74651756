/**
 * Errors of the cty codec. Every error names where in the value it happened (a cty-style path such as
 * `.tags["env"]` or `.rules[2].cidr`) so a diagnostic can point the user at the attribute.
 */
export class CtyCodecError extends Error {
  constructor(
    /** Where in the value the problem is, in cty path syntax; empty for the root. */
    readonly path: string,
    message: string,
  ) {
    super(path ? `${path}: ${message}` : message);
    this.name = 'CtyCodecError';
  }
}

/** Path helpers: cty writes attribute steps as `.name`, indexes as `[0]` and map keys as `["key"]`. */
export function attrPath(parent: string, name: string): string {
  return `${parent}.${name}`;
}
export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}
export function keyPath(parent: string, key: string): string {
  return `${parent}[${JSON.stringify(key)}]`;
}

/** A short description of a JS value for error messages (never the full value: it may be a secret). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  if (typeof value === 'bigint') return 'an integer';
  return `a ${typeof value}`;
}
