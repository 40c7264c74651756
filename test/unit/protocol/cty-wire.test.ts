// The cty codec against the exact bytes go-cty and terraform use on the wire.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encode, ExtData } from '@msgpack/msgpack';
import {
  CtyCodecError,
  decodeDynamicValue,
  decodeRawState,
  encodeDynamicValue,
  isNullDynamicValue,
} from '../../../src/terraform/protocol/cty/index.js';
import { BigNumber, DynamicTyped, Unknown, type CtyType } from '../../../src/terraform/protocol/types.js';

const hex = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString('hex');
const mp = (bytes: Uint8Array | number[]) => ({ msgpack: Uint8Array.from(bytes) });
const json = (text: string) => ({ json: new TextEncoder().encode(text) });

test('unknown is written as go-cty does: fixext1, type 0, one zero byte', () => {
  assert.equal(hex(encodeDynamicValue(Unknown, 'string').msgpack), 'd40000');
});

test('any msgpack extension reads as unknown: plain, refined (0x0c with a refinement map), other codes, timestamp', () => {
  const refinedNotNull = encode(new ExtData(0x0c, encode(new Map([[1, false]]))));
  assert.equal(decodeDynamicValue(mp([0xd4, 0, 0]), 'string'), Unknown);
  assert.equal(decodeDynamicValue(mp([0xc7, 0, 0]), 'number'), Unknown); // ext8 with empty payload
  assert.equal(decodeDynamicValue(mp(refinedNotNull), 'string'), Unknown);
  assert.equal(decodeDynamicValue(mp(encode(new ExtData(42, new Uint8Array([1, 2, 3])))), ['list', 'string']), Unknown);
  assert.equal(decodeDynamicValue(mp(encode(new Date(0))), 'string'), Unknown);
  const obj = decodeDynamicValue(mp(encode({ id: new ExtData(0x0c, encode(new Map([[2, 'org']]))), name: 'x' })), [
    'object',
    { id: 'string', name: 'string' },
  ]);
  assert.deepEqual(obj, { id: Unknown, name: 'x' });
});

test('objects carry every attribute, keys sorted, null where unset', () => {
  const type: CtyType = ['object', { name: 'string', id: 'string', tags: ['map', 'string'] }];
  const bytes = encodeDynamicValue({ name: 'acme' }, type).msgpack!;
  assert.deepEqual(bytes, encode({ id: null, name: 'acme', tags: null }));
  // Missing attributes in the encoding read as null too.
  assert.deepEqual(decodeDynamicValue(mp(encode({ name: 'acme' })), type), { id: null, name: 'acme', tags: null });
});

test('numbers: int64, float64 and decimal strings as go-cty writes them', () => {
  assert.equal(hex(encodeDynamicValue(1, 'number').msgpack), '01');
  assert.equal(hex(encodeDynamicValue(-33, 'number').msgpack), 'd0df');
  // Integers beyond 32 bits are 64-bit integers (uint64 when positive, as go-cty's compact encoder does).
  assert.equal(hex(encodeDynamicValue(-(2 ** 40), 'number').msgpack), 'd3ffffff0000000000');
  assert.equal(hex(encodeDynamicValue(2 ** 40, 'number').msgpack), 'cf0000010000000000');
  assert.equal(hex(encodeDynamicValue(1.5, 'number').msgpack), 'cb3ff8000000000000');
  assert.equal(hex(encodeDynamicValue(1e20, 'number').msgpack), 'cb4415af1d78b58c40');
  assert.equal(hex(encodeDynamicValue(new BigNumber('9223372036854775807'), 'number').msgpack), 'cf7fffffffffffffff');
  assert.deepEqual(encodeDynamicValue(new BigNumber('0.1'), 'number').msgpack, encode('0.1'));
  assert.deepEqual(encodeDynamicValue(new BigNumber('123456789012345678901234567890'), 'number').msgpack, encode('123456789012345678901234567890'));
  assert.throws(() => encodeDynamicValue(NaN, 'number'), /NaN/);
});

test('numbers read back without loss', () => {
  assert.deepEqual(decodeDynamicValue(mp([0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), 'number'), new BigNumber('18446744073709551615'));
  assert.deepEqual(decodeDynamicValue(mp([0xd3, 0x80, 0, 0, 0, 0, 0, 0, 1]), 'number'), new BigNumber('-9223372036854775807'));
  assert.equal(decodeDynamicValue(mp(encode(2 ** 53 - 1)), 'number'), 2 ** 53 - 1);
  assert.equal(decodeDynamicValue(mp(encode('0.5')), 'number'), 0.5); // exactly a float
  assert.equal(decodeDynamicValue(mp(encode('12')), 'number'), 12);
  assert.deepEqual(decodeDynamicValue(mp(encode('0.1')), 'number'), new BigNumber('0.1')); // no exact float
  assert.deepEqual(decodeDynamicValue(mp(encode('1e400')), 'number'), new BigNumber('1e400'));
  assert.equal(decodeDynamicValue(mp(encode(Infinity)), 'number'), Infinity);
  assert.throws(() => decodeDynamicValue(mp(encode('twelve')), 'number'), CtyCodecError);
  // State JSON: big integers keep every digit; floats as go-cty renders them read as floats.
  assert.deepEqual(decodeRawState(json('{"n": 123456789012345678901234567890}'), ['object', { n: 'number' }]), {
    n: new BigNumber('123456789012345678901234567890'),
  });
  assert.deepEqual(decodeRawState(json('{"n": 0.1}'), ['object', { n: 'number' }]), { n: 0.1 });
  assert.deepEqual(decodeRawState(json('{"n": "42"}'), ['object', { n: 'number' }]), { n: 42 });
});

test('dynamic values are [type JSON bytes, value] in msgpack and {value, type} in JSON', () => {
  const listOfString = new DynamicTyped(['list', 'string'], ['a']);
  const bytes = encodeDynamicValue(listOfString, 'dynamic').msgpack!;
  assert.deepEqual(bytes, encode([new TextEncoder().encode('["list","string"]'), ['a']]));
  assert.deepEqual(decodeDynamicValue({ msgpack: bytes }, 'dynamic'), listOfString);
  // Some encoders write the type as a str instead of bin.
  assert.deepEqual(decodeDynamicValue(mp(encode(['"string"', 'x'])), 'dynamic'), new DynamicTyped('string', 'x'));
  assert.deepEqual(decodeDynamicValue(json('{"value": {"a": 1}, "type": ["object", {"a": "number"}]}'), 'dynamic'), new DynamicTyped(['object', { a: 'number' }], { a: 1 }));
  // Primitives written for a dynamic type say their own type.
  assert.deepEqual(decodeDynamicValue(encodeDynamicValue('x', 'dynamic'), 'dynamic'), new DynamicTyped('string', 'x'));
  assert.equal(hex(encodeDynamicValue(new DynamicTyped('string', Unknown), 'dynamic').msgpack), 'd40000');
  assert.throws(() => encodeDynamicValue(['a'], 'dynamic'), /DynamicTyped/);
});

test('optional object attributes in a dynamic type survive', () => {
  const type: CtyType = ['object', { a: 'string', b: 'number' }, ['b']];
  const value = new DynamicTyped(type, { a: 'x', b: null });
  assert.deepEqual(decodeDynamicValue(encodeDynamicValue(value, 'dynamic'), 'dynamic'), value);
});

test('raw state drops attributes the schema no longer has; DynamicValue JSON rejects them by name', () => {
  const type: CtyType = ['object', { id: 'string', name: 'string' }];
  assert.deepEqual(decodeRawState(json('{"id":"o1","removed_attr":true}'), type), { id: 'o1', name: null });
  assert.throws(() => decodeDynamicValue(json('{"id":"o1","removed_attr":true}'), type), /unsupported attribute "removed_attr"/);
  assert.throws(() => decodeRawState({ flatmap: { id: 'o1' } }, type), /flatmap/);
});

test('errors name the path of the offending value and never echo it', () => {
  const type: CtyType = ['object', { rules: ['list', ['object', { cidr: 'string' }]] }];
  const bytes = encode({ rules: [{ cidr: '10.0.0.0/8' }, { cidr: 12345 }] });
  assert.throws(
    () => decodeDynamicValue(mp(bytes), type),
    (err: unknown) => err instanceof CtyCodecError && err.path === '.rules[1].cidr' && /expected string, found a number/.test(err.message) && !err.message.includes('12345'),
  );
  assert.throws(() => encodeDynamicValue({ tags: { env: 1 } } as never, ['object', { tags: ['map', 'string'] }]), /\.tags\["env"\]: expected string/);
  assert.throws(() => decodeDynamicValue(mp([0xc1]), 'string'), /invalid msgpack/);
});

test('map keys that look like Object.prototype members are ordinary keys', () => {
  const type: CtyType = ['map', 'string'];
  assert.deepEqual(Object.keys(decodeDynamicValue(json('{"__proto__":"a","constructor":"b"}'), type) as object).sort(), ['__proto__', 'constructor']);
  const withConstructor = { constructor: 'b', toString: 'c' };
  assert.deepEqual(decodeDynamicValue(encodeDynamicValue(withConstructor, type), type), withConstructor);
});

test('null values: msgpack nil, JSON null, or nothing at all', () => {
  assert.equal(isNullDynamicValue(undefined), true);
  assert.equal(isNullDynamicValue({}), true);
  assert.equal(isNullDynamicValue(mp([0xc0])), true);
  assert.equal(isNullDynamicValue(json(' null ')), true);
  assert.equal(isNullDynamicValue(mp([0xd4, 0, 0])), false);
  assert.equal(isNullDynamicValue(mp(encode({}))), false);
  assert.equal(isNullDynamicValue(json('{}')), false);
  assert.equal(decodeDynamicValue({}, ['object', { id: 'string' }]), null);
  assert.equal(decodeDynamicValue(mp([0xc0]), ['object', { id: 'string' }]), null);
  assert.equal(hex(encodeDynamicValue(null, ['object', { id: 'string' }]).msgpack), 'c0');
});
