// The ephemeral aiven_organization_application_user_token with the real terraform (issue 4, point 8):
// it opens a token with the given max_age_seconds and scopes, hands full_token to another ephemeral
// context (a provider alias that reads the application user with it), never writes the secret to the
// state or the plan file, and revokes the token on close. The secret is learnt from the requests the
// alias sends through a loopback stack.proxy. Skips loudly where terraform is absent.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { useTesseraStack } from '../support/tessera-stack.js';
import { TERRAFORM_MISSING, expectExit, terraformAvailable, type TerraformWorkspace } from '../support/terraform.js';

const skip = terraformAvailable() ? false : TERRAFORM_MISSING;

describe('ephemeral application user token with terraform', { skip }, () => {
  const stack = useTesseraStack({ proxy: true });
  let tf: TerraformWorkspace;

  before(async () => {
    tf = await stack.workspace({ beta: true });
  });

  test('opens a scoped short-lived token for a provider alias, keeps it out of state and plan, revokes it on close', async () => {
    const org = (await stack.client.createOrganization({ organization_name: 'ephemeral' })).organization_id;
    const user = (await stack.client.createApplicationUser(org, { name: 'deployer', is_super_admin: true })).user_id;
    tf.write(`ephemeral "aiven_organization_application_user_token" "deploy" {
  organization_id = "${org}"
  user_id         = "${user}"
  description     = "ephemeral e2e"
  max_age_seconds = 900
  scopes          = ["accounts:read"]
}

provider "aiven" {
  alias     = "as_app_user"
  api_token = ephemeral.aiven_organization_application_user_token.deploy.full_token
}

data "aiven_organization_application_user" "self" {
  provider        = aiven.as_app_user
  organization_id = "${org}"
  user_id         = "${user}"
}

output "name" {
  value = data.aiven_organization_application_user.self.name
}
`);
    const plan = await tf.run(['plan', '-out=tfplan', '-no-color']);
    expectExit(plan, 0, 'plan');
    const apply = await tf.run(['apply', '-auto-approve', '-no-color', 'tfplan']);
    expectExit(apply, 0, 'apply');
    assert.match(apply.stdout, /name = "deployer"/);

    // The secrets the alias used: every Authorization header that is not the admin token.
    const secrets = [...new Set(stack.proxy.requests.map((r) => r.authorization.replace(/^aivenv1 /, '')).filter((a) => a && a !== stack.tessera.adminToken))];
    assert.ok(secrets.length >= 1, 'the provider alias never used the ephemeral token');
    const opened = stack.proxy.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/access-tokens'));
    const revoked = stack.proxy.requests.filter((r) => r.method === 'DELETE' && r.path.includes('/access-tokens/'));
    assert.ok(opened.length >= secrets.length);
    for (const open of opened) {
      assert.deepEqual(JSON.parse(open.body), { description: 'ephemeral e2e', max_age_seconds: 900, scopes: ['accounts:read'] });
    }
    assert.equal(revoked.length, opened.length, 'every opened token was revoked on close');

    // Not in state, plan file or terraform's output.
    const state = readFileSync(join(tf.dir, 'terraform.tfstate'), 'utf8');
    const planFile = readFileSync(join(tf.dir, 'tfplan'));
    const unzipped = spawnSync('unzip', ['-p', join(tf.dir, 'tfplan')], { encoding: 'latin1' });
    const shownPlan = await tf.run(['show', '-json', 'tfplan']);
    for (const secret of secrets) {
      assert.ok(!state.includes(secret), 'secret in terraform.tfstate');
      assert.ok(!planFile.includes(secret), 'secret in the plan file');
      if (unzipped.status === 0) assert.ok(!unzipped.stdout.includes(secret), 'secret inside the plan file');
      assert.ok(!shownPlan.stdout.includes(secret), 'secret in terraform show -json tfplan');
      assert.ok(!(plan.stdout + plan.stderr + apply.stdout + apply.stderr).includes(secret), 'secret in terraform output');
      for (const f of readdirSync(tf.dir)) assert.ok(!f.includes(secret));
      // Revoked: the server no longer accepts it.
      const me = await fetch(`${stack.tessera.url}/v1/me`, { headers: { authorization: `aivenv1 ${secret}` } });
      assert.equal(me.status, 401);
    }
    assert.deepEqual(await stack.client.listApplicationUserTokens(org, user), [], 'no token left after the run');
  });
});
