// Property-based round trips of the cty codec: any value of any type, encoded as msgpack (and written
// as cty JSON), decodes back to the same value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeDynamicValue, decodeRawState, encodeDynamicValue } from '../../../src/terraform/protocol/cty/index.js';
import { BigNumber, DynamicTyped, Unknown, type CtyType, type CtyValue } from '../../../src/terraform/protocol/types.js';

const name = fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/);
const mapKey = fc.string({ maxLength: 6 }).filter((k) => k !== '__proto__');

/** Concrete types (no `dynamic` inside) and types that may contain `dynamic`. */
function typeArb(allowDynamic: boolean): fc.Arbitrary<CtyType> {
  const { type } = fc.letrec<{ type: CtyType }>((tie) => ({
    type: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom<CtyType>('string', 'number', 'bool', ...(allowDynamic ? (['dynamic'] as const) : [])),
      tie('type').map((t): CtyType => ['list', t]),
      tie('type').map((t): CtyType => ['set', t]),
      tie('type').map((t): CtyType => ['map', t]),
      fc.array(tie('type'), { maxLength: 3 }).map((ts): CtyType => ['tuple', ts]),
      fc.dictionary(name, tie('type'), { maxKeys: 4, noNullPrototype: true }).chain((attrs) =>
        fc.subarray(Object.keys(attrs)).map((optional): CtyType =>
          optional.length > 0 ? ['object', attrs, optional] : ['object', attrs],
        ),
      ),
    ),
  }));
  return type;
}

const number: fc.Arbitrary<CtyValue> = fc.oneof(
  fc.integer(),
  fc.maxSafeInteger(),
  fc.double({ noNaN: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
  // Integers a JS number cannot hold: kept as decimal text (int64 range and beyond it).
  fc
    .bigInt({ min: -(10n ** 30n), max: 10n ** 30n })
    .filter((b) => BigInt(Number(b)) !== b)
    .map((b) => new BigNumber(b.toString())),
  // Decimals with more significant digits than a float64 holds: kept as text.
  fc
    .tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.stringMatching(/^[0-9]{17,22}[1-9]$/))
    .map(([i, frac]) => new BigNumber(`${i}.${frac}`)),
);

interface ValueOptions {
  unknowns: boolean;
  infinities: boolean;
}

function valueArb(type: CtyType, opts: ValueOptions, depth = 0): fc.Arbitrary<CtyValue> {
  const special: fc.Arbitrary<CtyValue>[] = [fc.constant<CtyValue>(null)];
  if (opts.unknowns) special.push(fc.constant<CtyValue>(Unknown));
  return fc.oneof({ weight: 1, arbitrary: fc.oneof(...special) }, { weight: 4, arbitrary: knownArb(type, opts, depth) });
}

function knownArb(type: CtyType, opts: ValueOptions, depth: number): fc.Arbitrary<CtyValue> {
  if (typeof type === 'string') {
    switch (type) {
      case 'string':
        return fc.string({ unit: 'grapheme', maxLength: 8 });
      case 'bool':
        return fc.boolean();
      case 'number':
        return opts.infinities ? number : number.filter((n) => n !== Infinity && n !== -Infinity);
      case 'dynamic':
        // Deep inside other dynamics, keep the concrete type primitive so values stay small.
        return (depth < 2 ? typeArb(false) : fc.constantFrom<CtyType>('string', 'number', 'bool'))
          .chain((concrete) =>
            fc.oneof(knownArb(concrete, opts, depth + 1), fc.constant(null)).map((v) => new DynamicTyped(concrete, v)),
          );
    }
  }
  switch (type[0]) {
    case 'list':
    case 'set':
      return fc.array(valueArb(type[1], opts, depth + 1), { maxLength: 3 });
    case 'map':
      return fc.dictionary(mapKey, valueArb(type[1], opts, depth + 1), { maxKeys: 3, noNullPrototype: true });
    case 'tuple':
      return fc.tuple(...type[1].map((t) => valueArb(t, opts, depth + 1)));
    case 'object': {
      const attrs = type[1];
      return fc.record(Object.fromEntries(Object.entries(attrs).map(([k, t]) => [k, valueArb(t, opts, depth + 1)])), { noNullPrototype: true });
    }
  }
}

/** cty's JSON form of a known value (test-side writer; the codec itself only reads JSON). */
function toCtyJson(value: CtyValue, type: CtyType): string {
  if (value === null) return 'null';
  if (type === 'dynamic') {
    const dv = value as DynamicTyped;
    return `{"value":${toCtyJson(dv.value, dv.type)},"type":${JSON.stringify(dv.type)}}`;
  }
  if (value instanceof BigNumber) return value.text;
  if (typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    const elementType = (i: number): CtyType => (type as readonly [string, CtyType | CtyType[]])[0] === 'tuple' ? (type[1] as CtyType[])[i] : (type[1] as CtyType);
    return `[${value.map((v, i) => toCtyJson(v, elementType(i))).join(',')}]`;
  }
  const entries = Object.entries(value as Record<string, CtyValue>);
  const attrType = (k: string): CtyType => (type[0] === 'object' ? (type[1] as Record<string, CtyType>)[k] : (type[1] as CtyType));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${toCtyJson(v, attrType(k))}`).join(',')}}`;
}

const typedValue = (opts: ValueOptions) =>
  typeArb(true).chain((type) => valueArb(type, opts).map((value): { type: CtyType; value: CtyValue } => ({ type, value })));

test('msgpack: every value of every type (with nulls and unknowns) survives encode → decode', () => {
  fc.assert(
    fc.property(typedValue({ unknowns: true, infinities: true }), ({ type, value }) => {
      const decoded = decodeDynamicValue(encodeDynamicValue(value, type), type);
      assert.deepStrictEqual(decoded, value);
    }),
    { numRuns: 1000 },
  );
});

test('json: cty JSON of any known value decodes to that value (DynamicValue.json and raw state)', () => {
  fc.assert(
    fc.property(typedValue({ unknowns: false, infinities: false }), ({ type, value }) => {
      const json = new TextEncoder().encode(toCtyJson(value, type));
      assert.deepStrictEqual(decodeDynamicValue({ json }, type), value);
      assert.deepStrictEqual(decodeRawState({ json }, type), value);
    }),
    { numRuns: 1000 },
  );
});

test('msgpack encoding is deterministic: map and object keys are written sorted', () => {
  fc.assert(
    fc.property(typedValue({ unknowns: true, infinities: true }), ({ type, value }) => {
      const again = decodeDynamicValue(encodeDynamicValue(value, type), type);
      assert.deepStrictEqual(encodeDynamicValue(again, type), encodeDynamicValue(value, type));
    }),
    { numRuns: 200 },
  );
});
