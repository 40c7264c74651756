/**
 * A whole number given as text by a person (a command-line flag or an environment variable), within
 * bounds. Digits only: no sign, exponent, hex, blanks or fraction, so what is read is what was meant.
 */
export function parseIntegerSetting(name: string, raw: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
    throw new Error(`${name} must be an integer ${range}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** The variable's value, or `fallback` when it is unset or empty. */
export function integerFromEnv(env: Record<string, string | undefined>, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  return raw === undefined || raw === '' ? fallback : parseIntegerSetting(name, raw, min, max);
}
