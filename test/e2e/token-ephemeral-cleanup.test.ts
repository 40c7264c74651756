// Ephemeral tokens never outlive the run (issue 16, point 3): when the run fails after the token was
// opened, or is interrupted, terraform does not close it; the provider revokes every ephemeral token it
// opened and that was not closed when terraform stops it or shuts it down. Without max_age_seconds an
// ephemeral token asks for the API's minimum lifetime (600 s), not the server's default.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTesseraStack } from '../support/tessera-stack.js';
import { TERRAFORM_MISSING, expectExit, terraformAvailable, type TerraformWorkspace } from '../support/terraform.js';

const skip = terraformAvailable() ? false : TERRAFORM_MISSING;

describe('ephemeral tokens are revoked when the run fails or is interrupted', { skip }, () => {
  const stack = useTesseraStack({ proxy: true });
  let tf: TerraformWorkspace;

  before(async () => {
    tf = await stack.workspace({ beta: true });
  });

  async function orgAndUser(name: string) {
    const org = (await stack.client.createOrganization({ organization_name: name })).organization_id;
    const user = (await stack.client.createApplicationUser(org, { name: 'deployer', is_super_admin: true })).user_id;
    return { org, user };
  }

  const opened = (user: string) =>
    stack.proxy.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/application-users/${user}/access-tokens`));

  test('a run that fails after opening the token (a data source read through it fails) leaves no valid token', async () => {
    const { org, user } = await orgAndUser('ephemeral-fails');
    const gone = (await stack.client.createApplicationUser(org, { name: 'gone' })).user_id;
    await stack.client.deleteApplicationUser(org, gone);
    tf.write(`ephemeral "aiven_organization_application_user_token" "t" {
  organization_id = "${org}"
  user_id         = "${user}"
  description     = "ephemeral, failing run"
}

provider "aiven" {
  alias     = "as_deployer"
  api_token = ephemeral.aiven_organization_application_user_token.t.full_token
}

data "aiven_organization_application_user" "missing" {
  provider        = aiven.as_deployer
  organization_id = "${org}"
  user_id         = "${gone}"
}
`);
    const plan = await tf.run(['plan', '-no-color']);
    expectExit(plan, 1, 'plan whose data source fails');
    assert.ok(opened(user).length >= 1, 'the ephemeral token was opened');
    assert.deepEqual(await stack.client.listApplicationUserTokens(org, user), [], 'no ephemeral token outlives the failed run');
    for (const open of opened(user)) assert.equal(JSON.parse(open.body).max_age_seconds, 600, 'unset max_age_seconds asks for 600 s');
    assert.match(plan.stderr, /Application user not found/);
  });

  test('an interrupted run (Ctrl-C during a local-exec) leaves no valid token', async () => {
    const { org, user } = await orgAndUser('ephemeral-interrupted');
    tf.write(`ephemeral "aiven_organization_application_user_token" "t" {
  organization_id = "${org}"
  user_id         = "${user}"
  description     = "ephemeral, interrupted run"
  max_age_seconds = 3600
}

resource "terraform_data" "deploy" {
  provisioner "local-exec" {
    command     = "sleep 60"
    environment = { TOKEN = ephemeral.aiven_organization_application_user_token.t.full_token }
  }
}
`);
    const openedBefore = opened(user).length;
    const run = tf.start(['apply', '-auto-approve', '-no-color']);
    // Plan opens and closes the token once; apply opens it again and then runs the local-exec.
    for (let i = 0; !/Provisioning with 'local-exec'/.test(run.output()); i++) {
      assert.ok(i < 1200, `the local-exec never started:\n${run.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(opened(user).length > openedBefore);
    assert.equal((await stack.client.listApplicationUserTokens(org, user)).length, 1, 'the token is open while the local-exec runs');
    process.kill(-run.child.pid!, 'SIGINT'); // Ctrl-C reaches the whole process group
    const result = await run.result;
    assert.notEqual(result.code, 0);
    assert.deepEqual(await stack.client.listApplicationUserTokens(org, user), [], 'no ephemeral token outlives the interrupted run');
  });
});
