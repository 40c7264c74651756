// Timeouts of aiven_organization_application_user_token with the real terraform (issue 4, point 7):
// a loopback proxy in front of Tessera stalls chosen answers (the server acts, the provider never
// hears back). Create past its deadline fails with a clear timeout and leaves no token on the server;
// read and delete fail with a timeout and keep the state. Skips loudly where terraform is absent.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTesseraStack } from '../support/tessera-stack.js';
import { TERRAFORM_MISSING, expectExit, terraformAvailable, type TerraformWorkspace } from '../support/terraform.js';

const skip = terraformAvailable() ? false : TERRAFORM_MISSING;
const TOKEN = 'aiven_organization_application_user_token';

describe('token timeouts with terraform', { skip }, () => {
  const stack = useTesseraStack({ proxy: true });
  let tf: TerraformWorkspace;

  before(async () => {
    tf = await stack.workspace({ beta: true });
  });

  const config = (org: string, user: string, timeouts: string) => `resource "${TOKEN}" "t" {
  organization_id = "${org}"
  user_id         = "${user}"
  description     = "timeouts"
  timeouts {
${timeouts}
  }
}
`;

  test('create, read and delete honour the timeouts block; a stalled create leaves no token behind', async () => {
    const org = (await stack.client.createOrganization({ organization_name: 'slow' })).organization_id;
    const user = (await stack.client.createApplicationUser(org, { name: 'slow' })).user_id;

    // create: the server creates the token, the answer never arrives (later answers do).
    let posts = 0;
    stack.proxy.stallWhen((r) => r.method === 'POST' && r.path.includes('/access-tokens') && ++posts === 1);
    tf.write(config(org, user, '    create = "3s"'));
    const started = Date.now();
    const create = await tf.run(['apply', '-auto-approve', '-no-color']);
    expectExit(create, 1, 'apply with a stalled create');
    assert.ok(stack.proxy.stalled() >= 1, 'the proxy held the create answer back');
    assert.match(create.stderr, /Timeout while creating aiven_organization_application_user_token/);
    assert.match(create.stderr.replace(/\s+│?\s*/g, ' '), /did not finish within 3s \(timeouts\.create\)/);
    assert.match(create.stderr.replace(/\s+│?\s*/g, ' '), /found with the request's idempotency key\); it was revoked, so no token is left outside the state/);
    assert.ok(Date.now() - started < 30_000, `took ${Date.now() - started} ms`);
    assert.deepEqual(await stack.client.listApplicationUserTokens(org, user), [], 'no orphaned token on the server');
    assert.equal((await tf.resources()).length, 0);

    // With answers flowing again the same configuration applies.
    stack.proxy.stallWhen(undefined);
    tf.write(config(org, user, '    create = "3s"\n    read = "2s"\n    delete = "2s"'));
    expectExit(await tf.run(['apply', '-auto-approve', '-no-color']), 0, 'apply');
    const [token] = await stack.client.listApplicationUserTokens(org, user);
    assert.ok(token);

    // read: the listing never answers; refresh fails with a timeout, the state keeps the token.
    stack.proxy.stallWhen((r) => r.method === 'GET' && r.path.includes('/access-tokens'));
    const readStarted = Date.now();
    const plan = await tf.run(['plan', '-no-color']);
    expectExit(plan, 1, 'plan with a stalled read');
    assert.match(plan.stderr.replace(/\s+/g, ' '), /Timeout while reading aiven_organization_application_user_token .*did not finish within 2s/);
    assert.ok(Date.now() - readStarted < 30_000);
    assert.equal((await tf.resources()).length, 1);

    // delete: the revoke never answers; destroy fails with a timeout and keeps the token in state.
    stack.proxy.stallWhen((r) => r.method === 'DELETE');
    const destroy = await tf.run(['destroy', '-auto-approve', '-refresh=false', '-no-color']);
    expectExit(destroy, 1, 'destroy with a stalled delete');
    assert.match(destroy.stderr.replace(/\s+/g, ' '), /Timeout while deleting aiven_organization_application_user_token .*did not finish within 2s/);
    assert.equal((await tf.resources()).length, 1, 'the token stays in state when its delete failed');

    stack.proxy.stallWhen(undefined);
    expectExit(await tf.run(['destroy', '-auto-approve', '-no-color']), 0, 'destroy');
    assert.deepEqual(await stack.client.listApplicationUserTokens(org, user), []);
  });
});
