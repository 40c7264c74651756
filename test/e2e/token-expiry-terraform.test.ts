// Drift by expiry with the real terraform (issue 4, point 6): a token that expires outside Terraform
// (here: on an in-process Tessera whose clock the test moves) disappears from state on refresh with a
// warning, and the next plan re-creates it. Skips loudly where terraform is absent.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AivenClient } from '../../src/client/index.js';
import { ManualClock } from '../../src/domain/clock.js';
import { startTestServer, type TestServer } from '../integration/support/test-server.js';
import { TERRAFORM_MISSING, createTerraformWorkspace, expectExit, terraformAvailable, type TerraformWorkspace } from '../support/terraform.js';

const skip = terraformAvailable() ? false : TERRAFORM_MISSING;

describe('expired token with terraform', { skip }, () => {
  const clock = new ManualClock(Date.now());
  let server: TestServer;
  let tf: TerraformWorkspace;

  before(async () => {
    server = await startTestServer({ clock });
    tf = await createTerraformWorkspace({ apiUrl: server.url, token: server.adminToken, beta: true });
  });
  after(async () => {
    await tf?.cleanup();
    await server?.close();
  });

  test('a token expired outside terraform leaves state on refresh with a warning; the next plan re-creates it', async () => {
    const client = new AivenClient({ baseUrl: server.url, token: server.adminToken });
    const org = (await client.createOrganization({ organization_name: 'expiry' })).organization_id;
    const user = (await client.createApplicationUser(org, { name: 'expiry' })).user_id;
    tf.write(`resource "aiven_organization_application_user_token" "short" {
  organization_id = "${org}"
  user_id         = "${user}"
  max_age_seconds = 600
}
`);
    expectExit(await tf.run(['apply', '-auto-approve', '-no-color']), 0, 'apply');
    expectExit(await tf.run(['plan', '-detailed-exitcode', '-no-color']), 0, 'no changes while valid');

    clock.advance(601_000);
    const plan = await tf.run(['plan', '-detailed-exitcode', '-no-color']);
    expectExit(plan, 2, 'plan after expiry');
    const text = (plan.stdout + plan.stderr).replace(/\s+/g, ' ');
    assert.match(text, /Warning: Application user token removed from state/);
    assert.match(text, /revoked, expired or deleted outside Terraform/);
    assert.match(plan.stdout, /aiven_organization_application_user_token\.short will be created/);
    expectExit(await tf.run(['apply', '-auto-approve', '-no-color']), 0, 're-create');
    expectExit(await tf.run(['plan', '-detailed-exitcode', '-no-color']), 0, 'clean afterwards');
  });
});
