// After a create whose answer was lost, the provider revokes only the token it can prove it created
// (issue 16, point 2). A loopback proxy holds back the answer of the first token create (the server
// made the token; terraform never hears of it) while "another workspace" creates a token for the same
// user with the same description. Against Tessera, which remembers the create's Idempotency-Key, the
// provider asks again with the key and revokes exactly its own token; against a server that ignores
// the key (the proxy drops the header), it revokes nothing it cannot prove and names the tokens that
// may need a look.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTesseraStack } from '../support/tessera-stack.js';
import { TERRAFORM_MISSING, expectExit, terraformAvailable, type TerraformWorkspace } from '../support/terraform.js';

const skip = terraformAvailable() ? false : TERRAFORM_MISSING;
const TOKEN = 'aiven_organization_application_user_token';

describe('cleanup after a lost token create revokes only the provider’s own token', { skip }, () => {
  const stack = useTesseraStack({ proxy: true });
  let tf: TerraformWorkspace;

  before(async () => {
    tf = await stack.workspace({ beta: true });
  });

  const config = (org: string, user: string) => `resource "${TOKEN}" "t" {
  organization_id = "${org}"
  user_id         = "${user}"
  description     = "deploys"
  timeouts {
    create = "8s"
  }
}
`;

  /**
   * Applies with the first create's answer held back; meanwhile another client makes a look-alike token
   * (timeouts.create leaves it seconds to do so before the provider looks).
   */
  async function applyWithLostAnswer(org: string, user: string) {
    let posts = 0;
    const isCreate = (r: { method: string; path: string }) => r.method === 'POST' && r.path.endsWith('/access-tokens');
    stack.proxy.stallWhen((r) => isCreate(r) && ++posts === 1);
    const stalledBefore = stack.proxy.stalled();
    tf.write(config(org, user));
    const run = tf.start(['apply', '-auto-approve', '-no-color']);
    for (let i = 0; stack.proxy.stalled() === stalledBefore; i++) {
      assert.ok(i < 600, 'the create never reached the server');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Another workspace, at the same moment: same user, same description.
    const other = await stack.client.createApplicationUserToken(org, user, { description: 'deploys' });
    const result = await run.result;
    stack.proxy.stallWhen(undefined);
    return { result, other: other.token_prefix, creates: stack.proxy.requests.filter(isCreate) };
  }

  const flat = (text: string) => text.replace(/\s+│?\s*/g, ' ');

  test('against Tessera: the token found with the idempotency key is revoked, the other workspace’s token is kept', async () => {
    const org = (await stack.client.createOrganization({ organization_name: 'lost-answer' })).organization_id;
    const user = (await stack.client.createApplicationUser(org, { name: 'ci' })).user_id;
    const { result, other } = await applyWithLostAnswer(org, user);
    expectExit(result, 1, 'apply with a lost create answer');
    const message = flat(result.stderr);
    assert.match(message, /Timeout while creating aiven_organization_application_user_token/);
    const revoked = /The server had created it \(prefix (\S+), found with the request's idempotency key\); it was revoked/.exec(message);
    assert.ok(revoked, message);
    assert.notEqual(revoked[1], other);
    const left = (await stack.client.listApplicationUserTokens(org, user)).map((t) => t.token_prefix);
    assert.deepEqual(left, [other], 'only the other workspace’s token is left; the lost one is revoked');
    assert.equal((await tf.resources()).length, 0);
  });

  test('against a server that ignores idempotency keys: nothing unproven is revoked, the suspects are named', async () => {
    const org = (await stack.client.createOrganization({ organization_name: 'no-keys' })).organization_id;
    const user = (await stack.client.createApplicationUser(org, { name: 'ci' })).user_id;
    stack.proxy.dropRequestHeader('idempotency-key');
    try {
      const { result, other } = await applyWithLostAnswer(org, user);
      expectExit(result, 1, 'apply with a lost create answer');
      const left = (await stack.client.listApplicationUserTokens(org, user)).map((t) => t.token_prefix);
      assert.equal(left.length, 2, 'the lost token and the other workspace’s token both stay');
      assert.ok(left.includes(other));
      const message = flat(result.stderr);
      assert.match(message, /The API does not remember idempotency keys, so the provider cannot prove whether the server created the token, and revoked no token it could not prove its own/);
      for (const prefix of left) assert.ok(message.includes(prefix), `the message names ${prefix}: ${message}`);
      assert.match(message, /which may need a look/);
      // The check request's own token was created and revoked: it is provably the provider's.
      const probe = /the token the check itself created, (\S+), was revoked/.exec(message);
      assert.ok(probe, message);
      assert.ok(!left.includes(probe[1]));
    } finally {
      stack.proxy.dropRequestHeader(undefined);
    }
  });
});
