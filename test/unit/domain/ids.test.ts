// Public ids: a prefix and 12 random lowercase hex digits (taken from a v4 UUID's last group).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newAccountId, newOrganizationId, newUserId } from '../../../src/domain/ids.js';

test('ids are a prefix and 12 hex digits, all of them random: every digit takes every value, no id repeats', () => {
  for (const [make, prefix] of [[newOrganizationId, 'org'], [newAccountId, 'a'], [newUserId, 'u']] as const) {
    const ids = Array.from({ length: 2000 }, make);
    for (const id of ids) assert.match(id, new RegExp(`^${prefix}[0-9a-f]{12}$`));
    assert.equal(new Set(ids).size, ids.length);
    for (let position = prefix.length; position < prefix.length + 12; position++) {
      // no fixed version or variant digit: 2000 draws show all 16 values (missing one: p < 1e-54)
      assert.equal(new Set(ids.map((id) => id[position])).size, 16, `digit ${position - prefix.length} of ${prefix}…`);
    }
  }
});
