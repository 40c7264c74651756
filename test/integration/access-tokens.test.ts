// Tokens: create (full token once), list (every attribute real), revoke (prefix URL-encoded).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { aivenError, createOrganization, createToken, createUser, startServerWithUser, tokensPath, type TestServer } from './support/test-server.js';

let server: TestServer;
let org: string;
let user: string;
before(async () => {
  ({ server, org, user } = await startServerWithUser());
});
after(() => server.close());

test('create returns the full token once; the list shows every attribute but never the secret', async () => {
  const { api } = server;
  const created = await createToken(api, org, user, {
    description: 'deploys',
    max_age_seconds: 7200,
    extend_when_used: true,
    scopes: ['accounts:read', 'x-deploy'],
    ip_allowlist: ['127.0.0.0/8', '::1/128'],
  });
  assert.match(created.full_token, /^tsr_[0-9A-Za-z]{49}$/);
  assert.equal(created.token_prefix, created.full_token.slice(0, 14));

  const list = await api('GET', tokensPath(org, user));
  assert.equal(list.status, 200);
  assert.ok(!list.text.includes(created.full_token), 'the list never carries the secret');
  const token = list.body.tokens.find((t: any) => t.token_prefix === created.token_prefix);
  assert.equal(token.description, 'deploys');
  assert.equal(token.created_manually, true);
  assert.equal(token.currently_active, false, 'the admin token made this request');
  assert.equal(token.max_age_seconds, 7200);
  assert.equal(token.extend_when_used, true);
  assert.equal(Date.parse(token.expiry_time) - Date.parse(token.create_time), 7200_000);
  assert.equal(token.last_used_time, null);
  assert.equal(token.last_ip, null);
  assert.equal(token.last_user_agent, null);
  assert.equal(token.last_user_agent_human_readable, null);
  assert.deepEqual(token.scopes, ['accounts:read', 'x-deploy']);
  assert.deepEqual(token.ip_allowlist, ['127.0.0.0/8', '::1/128']);
});

test('unset max_age_seconds: echoed as null (as the client set it), expiry follows the server default (36000 s); 0 never expires', async () => {
  const { api } = server;
  const byDefault = await createToken(api, org, user, { description: 'default' });
  assert.equal(byDefault.max_age_seconds, null);
  assert.equal(Date.parse(byDefault.expiry_time) - Date.parse(byDefault.create_time), 36000_000);
  const listed = (await api('GET', tokensPath(org, user))).body.tokens.find((t: any) => t.token_prefix === byDefault.token_prefix);
  assert.equal(listed.max_age_seconds, null, 'the listing echoes null too');
  assert.equal(listed.expiry_time, byDefault.expiry_time);
  const forever = await createToken(api, org, user, { description: 'forever', max_age_seconds: 0 });
  assert.equal(forever.max_age_seconds, 0);
  assert.equal(forever.expiry_time, null);
});

test('currently_active marks the token that made the listing request; last use is recorded with a readable user agent', async () => {
  const { api } = server;
  const superUser = await createUser(api, org, 'lister', true);
  const own = await createToken(api, org, superUser, { description: 'mine' });
  const other = await createToken(api, org, superUser, { description: 'other' });
  const list = await api('GET', tokensPath(org, superUser), { token: own.full_token, headers: { 'user-agent': 'curl/8.5.0' } });
  assert.equal(list.status, 200);
  const byPrefix = new Map(list.body.tokens.map((t: any) => [t.token_prefix, t]));
  const mine: any = byPrefix.get(own.token_prefix);
  const theirs: any = byPrefix.get(other.token_prefix);
  assert.equal(mine.currently_active, true);
  assert.equal(theirs.currently_active, false);
  assert.ok(Math.abs(Date.parse(mine.last_used_time) - Date.now()) < 5000);
  assert.equal(mine.last_ip, '127.0.0.1');
  assert.equal(mine.last_user_agent, 'curl/8.5.0');
  assert.equal(mine.last_user_agent_human_readable, 'curl 8.5.0');
  assert.equal(theirs.last_used_time, null);

  await api('GET', '/v1/me', {
    token: other.full_token,
    headers: { 'user-agent': 'Terraform/1.11.4 (+https://www.terraform.io) terraform-provider-aiven/0.1.0 (linux; amd64)' },
  });
  const again = await api('GET', tokensPath(org, superUser));
  const used = again.body.tokens.find((t: any) => t.token_prefix === other.token_prefix);
  assert.equal(used.last_user_agent_human_readable, 'Terraform 1.11.4 on Linux');
});

test('revoke by URL-encoded prefix: the token stops working at once and leaves the list', async () => {
  const { api } = server;
  const token = await createToken(api, org, user);
  assert.equal((await api('GET', '/v1/me', { token: token.full_token })).status, 200);
  const revoked = await api('DELETE', `${tokensPath(org, user)}/${encodeURIComponent(token.token_prefix).replace(/_/g, '%5F')}`);
  assert.equal(revoked.status, 204);
  const rejected = await api('GET', '/v1/me', { token: token.full_token });
  assert.equal(rejected.status, 401);
  assert.equal(aivenError(rejected).error_code, 'invalid_token');
  const list = await api('GET', tokensPath(org, user));
  assert.ok(!list.body.tokens.some((t: any) => t.token_prefix === token.token_prefix));
  const again = await api('DELETE', `${tokensPath(org, user)}/${token.token_prefix}`);
  assert.equal(again.status, 404);
  assert.equal(aivenError(again).error_code, 'token_not_found');
});

test('a token of another user cannot be revoked through this user (404)', async () => {
  const { api } = server;
  const other = await createUser(api, org, 'other');
  const token = await createToken(api, org, other);
  const response = await api('DELETE', `${tokensPath(org, user)}/${token.token_prefix}`);
  assert.equal(response.status, 404);
  assert.equal((await api('GET', '/v1/me', { token: token.full_token })).status, 200);
});

test('token limits: description, max_age_seconds range, scopes, allowlist entries', async () => {
  const { api } = server;
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ description: 'x'.repeat(1001) }, /description must be at most 1000 characters/],
    [{ max_age_seconds: 599 }, /max_age_seconds must be a whole number of seconds, 0 \(never expires\) or 600 to 315360000, got 599/],
    [{ max_age_seconds: 315360001 }, /max_age_seconds must be <= 315360000, got 315360001/],
    [{ max_age_seconds: 3600.5 }, /max_age_seconds must be integer, got 3600.5/],
    [{ max_age_seconds: '3600' }, /max_age_seconds must be integer, got "3600"/],
    [{ extend_when_used: 'yes' }, /extend_when_used must be boolean/],
    [{ scopes: ['accounts', 'root'] }, /scopes: 'root' is not a valid scope; use an Aiven scope/],
    [{ scopes: Array.from({ length: 101 }, (_, i) => `x-s${i}`) }, /scopes must have at most 100 items/],
    [{ ip_allowlist: ['10.0.0.0/33'] }, /ip_allowlist\[0\]: '10.0.0.0\/33' is not a valid CIDR/],
    [{ ip_allowlist: Array.from({ length: 101 }, (_, i) => `10.0.${i}.0/24`) }, /ip_allowlist must have at most 100 items/],
    [{ full_token: 'mine' }, /unknown field 'full_token'/],
  ];
  const before = (await api('GET', tokensPath(org, user))).body.tokens.length;
  for (const [body, message] of cases) {
    const response = await api('POST', tokensPath(org, user), { body });
    assert.equal(response.status, 400, JSON.stringify(body).slice(0, 80));
    assert.match(aivenError(response).message, message);
  }
  assert.equal((await api('GET', tokensPath(org, user))).body.tokens.length, before, 'nothing was created');
});
