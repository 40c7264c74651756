// The framework's small parts: Go durations, import ID parsing, schema checks, plan modifiers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Diagnostics,
  defineSchema,
  formatDuration,
  parseGoDuration,
  parseImportId,
  requiresReplace,
  staticDefault,
  stringAttribute,
  boolAttribute,
  useStateForUnknown,
  Unknown,
  valuesEqual,
} from '../../../src/terraform/framework/index.js';
import { normalizeNumbers } from '../../../src/terraform/framework/values.js';
import { BigNumber, DynamicTyped, type CtyValue } from '../../../src/terraform/protocol/types.js';

test('Go durations: units, fractions, combinations, and clear errors', () => {
  assert.equal(parseGoDuration('30s'), 30_000);
  assert.equal(parseGoDuration('2h45m'), 9_900_000);
  assert.equal(parseGoDuration('1.5h'), 5_400_000);
  assert.equal(parseGoDuration('300ms'), 300);
  assert.equal(parseGoDuration('1500us'), 1.5);
  assert.equal(parseGoDuration('1500\u00b5s'), 1.5, 'micro sign');
  assert.equal(parseGoDuration('1500\u03bcs'), 1.5, 'Greek mu');
  assert.equal(parseGoDuration('0'), 0);
  assert.equal(parseGoDuration('-1m'), -60_000);
  assert.equal(parseGoDuration('1h0m0s'), 3_600_000);
  assert.throws(() => parseGoDuration('20'), /invalid duration "20": missing unit/);
  assert.throws(() => parseGoDuration('5d'), /invalid duration "5d": unknown unit/);
  assert.throws(() => parseGoDuration(''), /invalid duration "": empty/);
  assert.throws(() => parseGoDuration('ten minutes'), /invalid duration "ten minutes"/);
  assert.equal(formatDuration(20 * 60_000), '20m0s');
  assert.equal(formatDuration(9_900_000), '2h45m0s');
});

test('parseImportId: the last part keeps any further "/"; empty parts are errors', () => {
  const d = new Diagnostics();
  assert.deepEqual(parseImportId('org1/u1/tsr_a/b/c', ['organization_id', 'user_id', 'token_prefix'], d), {
    organization_id: 'org1',
    user_id: 'u1',
    token_prefix: 'tsr_a/b/c',
  });
  assert.equal(d.items.length, 0);
  assert.equal(parseImportId('org1//x', ['organization_id', 'user_id', 'token_prefix'], d), undefined);
  assert.match(d.items[0].detail!, /"org1\/\/x" is not of the form ORGANIZATION_ID\/USER_ID\/TOKEN_PREFIX: the user_id part is empty/);
});

test('schema definitions that terraform would reject fail at definition time, naming the attribute', () => {
  assert.throws(() => defineSchema({ attributes: { flag: boolAttribute({ optional: true, default: staticDefault(false) }) } }), /"flag" has a default, so it must be computed/);
  assert.throws(() => defineSchema({ attributes: { name: stringAttribute({ required: true, computed: true }) } }), /"name" is required, so it cannot also be optional or computed/);
  assert.throws(() => defineSchema({ attributes: { name: stringAttribute({}) } }), /"name" must be required, optional or computed/);
});

test('plan modifiers: RequiresReplace only for real changes of existing objects; UseStateForUnknown', () => {
  const diagnostics = new Diagnostics();
  const rr = requiresReplace<string>();
  assert.equal(rr.modify({ path: ['a'], config: 'x', state: undefined, plan: 'x', changed: false, diagnostics }), undefined, 'create');
  assert.equal(rr.modify({ path: ['a'], config: 'x', state: 'x', plan: 'x', changed: false, diagnostics }), undefined);
  assert.deepEqual(rr.modify({ path: ['a'], config: 'y', state: 'x', plan: 'y', changed: true, diagnostics }), { requiresReplace: true });
  const us = useStateForUnknown<string>();
  assert.deepEqual(us.modify({ path: ['id'], config: null, state: 'w1', plan: Unknown, changed: true, diagnostics }), { plan: 'w1' });
  assert.equal(us.modify({ path: ['id'], config: null, state: undefined, plan: Unknown, changed: false, diagnostics }), undefined);
});

test('valuesEqual: sets ignore order, numbers compare by value', () => {
  assert.ok(valuesEqual(['a', 'b'], ['b', 'a'], true));
  assert.ok(!valuesEqual(['a', 'b'], ['b', 'a']));
  assert.ok(valuesEqual(new BigNumber('600'), 600));
  assert.ok(!valuesEqual(Unknown, null));
  assert.ok(valuesEqual({ a: [1, { b: null }] }, { a: [1, { b: null }] }));
});

test('normalizeNumbers: exact BigNumbers become numbers; only what leads to one is copied', () => {
  const untouched: CtyValue = { name: 'acme', tags: ['a', 'b'], limits: { max: 3, unset: null }, later: Unknown };
  assert.equal(normalizeNumbers(untouched), untouched, 'nothing to replace: the same object back');

  const huge = new BigNumber('123456789012345678901234567890');
  const dynamic = new DynamicTyped('number', new BigNumber('7'));
  const input = { keep: { s: 'x' }, n: new BigNumber('600'), list: ['a', new BigNumber('-2'), huge], dynamic };
  const out = normalizeNumbers(input) as Record<string, any>;
  assert.deepEqual(out, { keep: { s: 'x' }, n: 600, list: ['a', -2, huge], dynamic });
  assert.equal(out.keep, input.keep, 'a branch without BigNumbers is shared, not copied');
  assert.equal(out.list[2], huge, 'a number a JS number cannot hold exactly stays a BigNumber');
  assert.equal(out.dynamic, dynamic, 'dynamic values keep their own representation');
  assert.ok(input.n instanceof BigNumber && input.list[1] instanceof BigNumber, 'the input is not changed');

  // a map key "__proto__" (legal in cty) stays an own attribute of the copy
  const withProto = JSON.parse('{"__proto__": 1, "n": 0}') as Record<string, unknown>;
  withProto.n = new BigNumber('5');
  const normalized = normalizeNumbers(withProto as never) as Record<string, unknown>;
  assert.deepEqual(Object.entries(normalized), [['__proto__', 1], ['n', 5]]);
  assert.equal(Object.getPrototypeOf(normalized), Object.prototype);
});
