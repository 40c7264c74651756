import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTokenId, parseTokenId } from '../../../../src/provider/resources/organization-application-user-token/token-id.js';

test('the id splits at the first two "/" so a prefix containing "/" survives', () => {
  assert.deepEqual(parseTokenId('org1/u2/ab/cd+ef'), { organizationId: 'org1', userId: 'u2', tokenPrefix: 'ab/cd+ef' });
  assert.equal(formatTokenId({ organizationId: 'org1', userId: 'u2', tokenPrefix: 'ab/cd' }), 'org1/u2/ab/cd');
});

test('malformed ids get a message that shows the expected form and the value', () => {
  for (const bad of ['', 'org1', 'org1/u2', 'org1/u2/', '/u2/p', 'org1//p']) {
    const parsed = parseTokenId(bad);
    assert.ok('error' in parsed, `accepted ${JSON.stringify(bad)}`);
    assert.match(parsed.error, /ORGANIZATION_ID\/USER_ID\/TOKEN_PREFIX/);
    assert.ok(parsed.error.includes(JSON.stringify(bad)));
  }
});
