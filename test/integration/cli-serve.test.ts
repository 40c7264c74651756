// The real `bin/tessera serve` process through test/support/tessera.ts: bootstrap admin token,
// a full round of organization → user → token → authenticated call, and clean shutdown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTessera } from '../support/tessera.js';
import { apiCaller, createOrganization, createToken, createUser } from './support/test-server.js';

test('bin/tessera serve: bootstrap token works, tokens authenticate, SIGTERM exits 0', async () => {
  const tessera = await startTessera();
  try {
    assert.match(tessera.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const api = apiCaller(tessera.url, tessera.adminToken);
    const me = await api('GET', '/v1/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.user.kind, 'instance_admin');

    const org = await createOrganization(api);
    const user = await createUser(api, org);
    const token = await createToken(api, org, user, { description: 'cli test' });
    const asUser = await api('GET', '/v1/me', { token: token.full_token });
    assert.equal(asUser.status, 200);
    assert.equal(asUser.body.user.user_id, user);

    const noAuth = await api('GET', '/v1/me', { token: null });
    assert.equal(noAuth.status, 401);
  } finally {
    await tessera.stop();
  }
  assert.equal(await tessera.exited, 0);
  assert.match(tessera.output(), /"msg":"tessera stopped"/);
});
