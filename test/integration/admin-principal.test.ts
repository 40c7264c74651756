// The instance admin is whoever holds a token of kind instance_admin, and nobody else (issue 15, item
// 8): a token whose user cannot be loaded, or of any other kind, fails closed with 401 instead of
// being read as the instance admin.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateToken, tokenPrefixOf } from '../../src/domain/token-format.js';
import { tokenDigest } from '../../src/domain/token-digest.js';
import type { TokenKind, TokenRecord } from '../../src/store/records.js';
import { aivenError, createOrganization, startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

/** Writes a token row straight into the database, as a damaged or foreign row would be. */
async function plantToken(kind: string, userId: string | null, organizationId: string | null): Promise<string> {
  const fullToken = generateToken();
  const token: TokenRecord = {
    tokenPrefix: tokenPrefixOf(fullToken), kind: kind as TokenKind, userId, organizationId, description: 'planted',
    createTime: Date.now(), createdManually: true, maxAgeSeconds: 0, requestedMaxAgeSeconds: 0, extendWhenUsed: false, expiryTime: null,
    lastUsedTime: null, lastIp: null, lastUserAgent: null, lastUserAgentHumanReadable: null, scopes: null, ipAllowlist: null,
  };
  assert.ok(await server.tessera.context.store.createToken({ token, digest: tokenDigest(fullToken) }));
  return fullToken;
}

test('a token of an unknown kind without a user is refused, not taken for the instance admin', async () => {
  const org = await createOrganization(server.api, 'Victim');
  for (const kind of ['service_account', 'INSTANCE_ADMIN', '']) {
    const token = await plantToken(kind, null, null);
    for (const [method, path] of [['GET', '/v1/me'], ['GET', '/v1/organizations'], ['DELETE', `/v1/organization/${org}`]] as const) {
      const response = await server.api(method, path, { token });
      assert.equal(response.status, 401, `${kind || '(empty)'} ${method} ${path}: ${response.text}`);
      assert.equal(aivenError(response).error_code, 'invalid_token');
    }
  }
  assert.equal((await server.api('GET', `/v1/organization/${org}`)).status, 200, 'the organization is still there');
});

test('an application-user token whose user is missing is refused', async () => {
  const token = await plantToken('application_user', null, null);
  const response = await server.api('GET', '/v1/me', { token });
  assert.equal(response.status, 401);
});

test('the real instance admin token still works', async () => {
  const me = await server.api('GET', '/v1/me');
  assert.equal(me.status, 200);
  assert.equal(me.body.user.kind, 'instance_admin');
});
