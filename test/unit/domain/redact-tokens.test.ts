import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateToken, redactTokens } from '../../../src/domain/token-format.js';

test('anything shaped like a token is replaced by its prefix and a marker, wherever it sits', () => {
  const token = generateToken();
  const forged = `tsr_${'a'.repeat(49)}`; // bad checksum: still shaped like a token
  const text = `path /x/${token}/y, field '${forged}', joined${token}${token}`;
  const redacted = redactTokens(text);
  assert.equal(redacted, `path /x/${token.slice(0, 14)}…[redacted]/y, field '${forged.slice(0, 14)}…[redacted]', joined${token.slice(0, 14)}…[redacted]${token.slice(0, 14)}…[redacted]`);
});

test('text without a token shape is returned as it is', () => {
  for (const text of ['', 'no tokens here', 'tsr_short', `tsr_${'a'.repeat(48)}!`]) assert.equal(redactTokens(text), text);
});
