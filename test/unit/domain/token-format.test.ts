import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkToken, checksumOf, generateToken, TOKEN_LENGTH, TOKEN_PREFIX_LENGTH, tokenPrefixOf } from '../../../src/domain/token-format.js';

test('generated tokens are well formed: tsr_ prefix, 43 random base62 characters, 6-character checksum', () => {
  const token = generateToken();
  assert.equal(token.length, TOKEN_LENGTH);
  assert.match(token, /^tsr_[0-9A-Za-z]{49}$/);
  assert.deepEqual(checkToken(token), { ok: true, tokenPrefix: token.slice(0, TOKEN_PREFIX_LENGTH) });
  assert.equal(tokenPrefixOf(token), token.slice(0, 14));
});

test('tokens and their prefixes do not repeat', () => {
  const tokens = new Set<string>();
  const prefixes = new Set<string>();
  for (let i = 0; i < 2000; i++) {
    const token = generateToken();
    tokens.add(token);
    prefixes.add(tokenPrefixOf(token));
  }
  assert.equal(tokens.size, 2000);
  assert.equal(prefixes.size, 2000);
});

test('the body uses the whole base62 alphabet roughly evenly (no modulo bias to speak of)', () => {
  const counts = new Map<string, number>();
  for (let i = 0; i < 500; i++) for (const c of generateToken().slice(4, 47)) counts.set(c, (counts.get(c) ?? 0) + 1);
  assert.equal(counts.size, 62);
  const expected = (500 * 43) / 62;
  for (const count of counts.values()) assert.ok(count > expected * 0.7 && count < expected * 1.3, `count ${count}`);
});

test('any single-character change is caught by the checksum or the shape check', () => {
  const token = generateToken();
  fc.assert(
    fc.property(fc.integer({ min: 4, max: TOKEN_LENGTH - 1 }), fc.constantFrom(...'0123456789abcdefXYZ'), (position, replacement) => {
      fc.pre(token[position] !== replacement);
      const changed = token.slice(0, position) + replacement + token.slice(position + 1);
      assert.equal(checkToken(changed).ok, false);
    }),
  );
});

test('malformed strings are rejected by shape, with a reason', () => {
  const token = generateToken();
  assert.deepEqual(checkToken(''), { ok: false, reason: 'malformed' });
  assert.deepEqual(checkToken(token.slice(0, -1)), { ok: false, reason: 'malformed' });
  assert.deepEqual(checkToken(`xyz_${token.slice(4)}`), { ok: false, reason: 'malformed' });
  assert.deepEqual(checkToken(`${token.slice(0, 10)}-${token.slice(11)}`), { ok: false, reason: 'malformed' });
  const head = token.slice(0, -6);
  const wrong = checksumOf(head) === '000000' ? '000001' : '000000';
  assert.deepEqual(checkToken(head + wrong), { ok: false, reason: 'bad_checksum' });
});

test('checksum is six base62 digits', () => {
  fc.assert(fc.property(fc.string(), (s) => assert.match(checksumOf(s), /^[0-9A-Za-z]{6}$/)));
});
