// Introspection tells a caller only about tokens of its own organization (issue 15, item 4): another
// organization's token, and the instance admin's, answer {"active": false} unless the caller is the
// instance admin; the answer includes ip_allowlist; an optional client_ip outside the allowlist
// answers inactive.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { aivenError, createOrganization, createToken, createUser, startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
let acme: string;
let acmeUser: string;
let globex: string;
let globexUser: string;
before(async () => {
  server = await startTestServer();
  acme = await createOrganization(server.api, 'Acme');
  acmeUser = await createUser(server.api, acme, 'acme-app');
  globex = await createOrganization(server.api, 'Globex');
  globexUser = await createUser(server.api, globex, 'globex-app');
});
after(() => server.close());

const introspect = (caller: string, body: Record<string, string>, form = false) =>
  server.api('POST', '/v1/token/introspect', {
    token: caller,
    ...(form ? { rawBody: new URLSearchParams(body).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } } : { body }),
  });

test("a default token learns nothing about another organization's tokens or the instance admin's", async () => {
  const acmeCaller = await createToken(server.api, acme, acmeUser, { description: 'caller' });
  const globexToken = await createToken(server.api, globex, globexUser, { description: 'theirs' });
  for (const target of [globexToken.full_token, server.adminToken]) {
    for (const form of [false, true]) {
      const response = await introspect(acmeCaller.full_token, { token: target }, form);
      assert.equal(response.status, 200);
      assert.deepEqual(response.body, { active: false });
    }
  }
  // its own organization's tokens are described
  const own = await createToken(server.api, acme, acmeUser, { description: 'own' });
  assert.equal((await introspect(acmeCaller.full_token, { token: own.full_token })).body.active, true);
  // the instance admin sees every organization's tokens
  const asAdmin = await introspect(server.adminToken, { token: globexToken.full_token });
  assert.equal(asAdmin.body.active, true);
  assert.equal(asAdmin.body.org, globex);
});

test('the answer includes ip_allowlist, and client_ip outside it answers inactive', async () => {
  const restricted = await createToken(server.api, acme, acmeUser, { description: 'office only', ip_allowlist: ['203.0.113.0/24', '2001:db8::/32'] });
  const open = await createToken(server.api, acme, acmeUser, { description: 'anywhere' });
  const described = await introspect(server.adminToken, { token: restricted.full_token });
  assert.equal(described.body.active, true);
  assert.deepEqual(described.body.ip_allowlist, ['203.0.113.0/24', '2001:db8::/32']);
  assert.equal((await introspect(server.adminToken, { token: open.full_token })).body.ip_allowlist, null);

  for (const form of [false, true]) {
    const inside = await introspect(server.adminToken, { token: restricted.full_token, client_ip: '203.0.113.7' }, form);
    assert.equal(inside.body.active, true);
    const inside6 = await introspect(server.adminToken, { token: restricted.full_token, client_ip: '2001:db8::42' }, form);
    assert.equal(inside6.body.active, true);
    const outside = await introspect(server.adminToken, { token: restricted.full_token, client_ip: '198.51.100.1' }, form);
    assert.equal(outside.status, 200);
    assert.deepEqual(outside.body, { active: false });
  }
  // no allowlist: any client_ip is fine
  assert.equal((await introspect(server.adminToken, { token: open.full_token, client_ip: '198.51.100.1' })).body.active, true);
});

test('a client_ip that is not an address is a 400 naming the field', async () => {
  const token = await createToken(server.api, acme, acmeUser, { description: 'x' });
  for (const bad of ['not-an-ip', '10.0.0.0/8', 'fe80::1%eth0', '']) {
    const response = await introspect(server.adminToken, { token: token.full_token, client_ip: bad });
    assert.equal(response.status, 400, bad);
    assert.match(aivenError(response).message, /client_ip/);
  }
});
