/**
 * cty numbers are arbitrary-precision decimals. On the msgpack wire go-cty writes an int64 when the
 * value is an exact integer that fits, a float64 when exactly representable, and otherwise the
 * decimal text as a string. We mirror that: a JS number where it holds the value exactly, a
 * {@link BigNumber} with the decimal text otherwise, so a value read and written back is unchanged.
 */
import { BigNumber, type CtyNumber } from '../types.js';
import { CtyCodecError } from './errors.js';

const integerText = /^-?\d+$/;
const decimalText = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A number from a msgpack int64/uint64 (decoded as bigint); a JS number when it holds it exactly. */
export function numberFromBigInt(value: bigint): CtyNumber {
  const n = Number(value);
  return BigInt(n) === value ? n : new BigNumber(value.toString());
}

/**
 * A number from its decimal text (a msgpack string, or a JSON number token). A JS number when it
 * holds the decimal's value exactly (integers below 2^53, 0.5, 1e300…); otherwise the text is kept,
 * because a decimal such as 0.1 has no exact float64 and writing back a float would change the value
 * terraform compares against. From JSON (state), text that is exactly JS's shortest rendering of a
 * float (what go-cty writes for a float64-backed number) is read as that float too.
 * Returns undefined when the text is not a number.
 */
export function numberFromText(text: string, fromJson: boolean): CtyNumber | undefined {
  const trimmed = text.trim();
  if (fromJson && String(Number(trimmed)) === trimmed) return Number(trimmed);
  if (integerText.test(trimmed)) return numberFromBigInt(BigInt(trimmed));
  if (!decimalText.test(trimmed)) {
    if (trimmed === 'Infinity' || trimmed === '+Infinity' || trimmed === 'Inf' || trimmed === '+Inf') return Infinity;
    if (trimmed === '-Infinity' || trimmed === '-Inf') return -Infinity;
    return undefined;
  }
  const n = Number(trimmed);
  if (Number.isFinite(n) && floatEqualsDecimal(n, trimmed)) return n;
  return new BigNumber(trimmed);
}

/** Whether the float n is exactly the value of the decimal text (compared as exact rationals). */
function floatEqualsDecimal(n: number, text: string): boolean {
  const m = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return false;
  const exponent = Number(m[4] ?? 0);
  if (Math.abs(exponent) > 400) return false; // beyond float64 range either way; keep the text
  const fraction = m[3] ?? '';
  let digits = BigInt(`${m[2] || '0'}${fraction}`);
  if (m[1] === '-') digits = -digits;
  let scale = fraction.length - exponent; // text = digits / 10^scale
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale);
    scale = 0;
  }
  // Every finite float is mantissa * 2^-k: doubling a non-integer float is exact and reaches an integer.
  let k = 0;
  let scaled = n;
  while (!Number.isInteger(scaled)) {
    scaled *= 2;
    k++;
  }
  // n = mantissa / 2^k = mantissa * 5^k / 10^k; compare digits/10^scale with that.
  const floatDigits = BigInt(scaled) * 5n ** BigInt(k);
  return digits * 10n ** BigInt(k) === floatDigits * 10n ** BigInt(scale);
}

/**
 * What to hand the msgpack encoder for a number: an int64 (bigint) when the value is an integer that
 * fits, a float64 (number) otherwise, or the decimal text (string) for a BigNumber that is neither.
 */
export function numberForMsgpack(value: CtyNumber, path: string): number | bigint | string {
  if (value instanceof BigNumber) {
    const text = value.text.trim();
    if (integerText.test(text)) {
      const big = BigInt(text);
      if (big >= INT64_MIN && big <= INT64_MAX) return big;
    }
    if (numberFromText(text, false) === undefined) {
      throw new CtyCodecError(path, `${JSON.stringify(value.text)} is not a number`);
    }
    return text;
  }
  if (Number.isNaN(value)) throw new CtyCodecError(path, 'NaN is not a cty number');
  // The encoder writes small integers compactly itself; larger ones go as bigint so they are written
  // as int64 like go-cty does (the encoder would otherwise choose float64 for them).
  if (Number.isInteger(value) && (value > 0x7fffffff || value < -0x80000000)) {
    const big = BigInt(value);
    if (big >= INT64_MIN && big <= INT64_MAX) return big;
  }
  return value;
}
