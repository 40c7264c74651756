// The leak scanner's matcher: every real token, wherever it sits and however the input is cut into
// chunks; nothing else — not one of a corpus of near-misses (each real token mangled every way a
// typo, a copy or a forger would), not one of 100,000 random look-alikes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findTokens, TokenScanner, type TokenFinding } from '../../../src/domain/token-scanner.js';
import { checkToken, generateToken, TOKEN_LENGTH } from '../../../src/domain/token-format.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A seeded PRNG (xorshift32): the random corpus is the same on every run. */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

const where = (findings: TokenFinding[]) => findings.map((f) => [f.line, f.column, f.tokenPrefix]);

test('finds tokens in any surrounding text, with 1-based line and byte column', () => {
  const [a, b, c] = [generateToken(), generateToken(), generateToken()];
  const text = [
    a, // whole line
    `export TESSERA_TOKEN=${b}`,
    `{"full_token":"${c}","x":1}\r`,
    `curl -H 'Authorization: aivenv1 ${a}' https://x/?t=token%3D${b}`,
    `é ${c}`, // a two-byte character before: byte columns
    `${a}${b}`, // glued together: both leaked
  ].join('\n');
  assert.deepEqual(where(findTokens(text)), [
    [1, 1, a.slice(0, 14)],
    [2, 22, b.slice(0, 14)],
    [3, 16, c.slice(0, 14)],
    [4, 33, a.slice(0, 14)],
    [4, 109, b.slice(0, 14)],
    [5, 4, c.slice(0, 14)],
    [6, 1, a.slice(0, 14)],
    [6, 54, b.slice(0, 14)],
  ]);
  assert.equal(findTokens(text)[0].token, a, 'the whole token is handed to the caller (for --revoke)');
});

test('the same findings however the input is cut into chunks', () => {
  const tokens = Array.from({ length: 4 }, () => generateToken());
  const text = Buffer.from(`x\n${tokens[0]}\n\n  ${tokens[1]} ${tokens[2]}\nnear tsr_ miss\n${'y'.repeat(70)}${tokens[3]}`);
  const expected = where(findTokens(text));
  assert.equal(expected.length, 4);
  for (let size = 1; size <= 130; size++) {
    const scanner = new TokenScanner();
    const found: TokenFinding[] = [];
    for (let i = 0; i < text.length; i += size) scanner.push(Buffer.from(text.subarray(i, i + size)), (f) => found.push(f));
    scanner.end((f) => found.push(f));
    assert.deepEqual(where(found), expected, `chunks of ${size} bytes`);
  }
});

/** Every way to mangle one token that leaves no real token behind. */
function nearMisses(token: string): string[] {
  const misses: string[] = [];
  for (let i = 0; i < token.length; i++) {
    const here = token[i];
    const other = BASE62[(BASE62.indexOf(here) + 1 + (i % 61)) % 62] ?? 'x';
    for (const replacement of new Set([other, here === here.toLowerCase() ? here.toUpperCase() : here.toLowerCase(), '-', '_', ' ', '.', '/', '+', '='])) {
      if (replacement !== here) misses.push(token.slice(0, i) + replacement + token.slice(i + 1)); // substitution
    }
    misses.push(token.slice(0, i) + token.slice(i + 1)); // deletion
    if (i < token.length - 1 && token[i] !== token[i + 1]) {
      misses.push(token.slice(0, i) + token[i + 1] + token[i] + token.slice(i + 2)); // swapped neighbours
    }
    if (i > 0 && i < token.length) misses.push(`${token.slice(0, i)}\n${token.slice(i)}`); // broken across lines
  }
  const body = token.slice(4);
  for (const marker of ['TSR_', 'Tsr_', 'tsr-', 'tsr', 'tsr__', 'tr_', 'tsr.', 'tsr%5F', 'ts_r']) misses.push(marker + body);
  for (let length = 4; length < TOKEN_LENGTH; length++) misses.push(token.slice(0, length)); // truncated
  misses.push(token.slice(0, 4) + body.slice(1) + body[0]); // rotated body
  misses.push(token.slice(0, 47) + generateToken().slice(47)); // another token's checksum
  return misses;
}

test('near-miss corpus: no mangled token is reported', () => {
  let count = 0;
  const lines: string[] = [];
  for (let t = 0; t < 40; t++) {
    for (const miss of nearMisses(generateToken())) {
      assert.equal(checkToken(miss.trim()).ok, false, `a near-miss is a valid token: ${miss}`);
      lines.push(miss);
      count++;
    }
  }
  assert.ok(count > 25_000, `corpus of ${count}`);
  const findings = findTokens(lines.join('\n'));
  assert.deepEqual(where(findings), [], 'false positives');
  // and the same corpus with one real token among it: exactly that one
  const real = generateToken();
  lines.splice(1234, 0, real);
  const line = lines.slice(0, 1234).join('\n').split('\n').length + 1; // some misses span two lines
  assert.deepEqual(where(findTokens(lines.join('\n'))), [[line, 1, real.slice(0, 14)]]);
});

test('100,000 random look-alikes (tsr_ + 49 base62 characters) and random base62 noise: nothing found', () => {
  const random = prng(0x7e55e4a);
  const char = () => BASE62[Math.floor(random() * 62)];
  const parts: string[] = [];
  for (let i = 0; i < 100_000; i++) {
    let lookAlike = 'tsr_';
    for (let j = 0; j < 49; j++) lookAlike += char();
    let noise = '';
    for (let j = 0, n = Math.floor(random() * 40); j < n; j++) noise += char();
    parts.push(lookAlike, random() < 0.5 ? ' ' : '\n', noise, 'tsr_', noise.slice(0, 7), '\n');
  }
  assert.deepEqual(where(findTokens(parts.join(''))), []);
});

test('binary data is scanned as bytes; a token inside it is found', () => {
  const token = generateToken();
  const random = prng(42);
  const bytes = Buffer.alloc(300_000);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
  bytes.write(token, 123_456, 'latin1');
  const found = findTokens(bytes);
  assert.deepEqual(found.map((f) => f.token), [token]);
});
