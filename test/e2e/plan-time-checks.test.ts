// Values the API would refuse fail at plan, at the attribute, with the same limits the server uses
// (issue 16, point 6: src/domain/token-limits.ts is read by both): an invalid scope (on the token
// resource and on the ephemeral token), an application user name that is empty or too long, an empty
// organization_id. Nothing reaches the server.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NAME_MAX_LENGTH } from '../../src/domain/token-limits.js';
import { useTesseraStack } from '../support/tessera-stack.js';
import { TERRAFORM_MISSING, expectExit, terraformAvailable, type TerraformWorkspace } from '../support/terraform.js';

const skip = terraformAvailable() ? false : TERRAFORM_MISSING;

describe('plan-time checks with the server’s limits', { skip }, () => {
  const stack = useTesseraStack({ proxy: true });
  let tf: TerraformWorkspace;

  before(async () => {
    tf = await stack.workspace({ beta: true });
  });

  test('bogus scopes, bad user names and empty ids fail at plan, pointing at the attribute', async () => {
    const org = (await stack.client.createOrganization({ organization_name: 'checks' })).organization_id;
    const user = (await stack.client.createApplicationUser(org, { name: 'ci' })).user_id;
    tf.write(`resource "aiven_organization_application_user_token" "bogus_scope" {
  organization_id = "${org}"
  user_id         = "${user}"
  scopes          = ["bogus"]
}

ephemeral "aiven_organization_application_user_token" "bogus_scope" {
  organization_id = "${org}"
  user_id         = "${user}"
  scopes          = ["accounts:read", "Bogus Too"]
}

resource "aiven_organization_application_user" "empty_name" {
  organization_id = "${org}"
  name            = ""
}

resource "aiven_organization_application_user" "long_name" {
  organization_id = "${org}"
  name            = "${'n'.repeat(NAME_MAX_LENGTH + 1)}"
}

resource "aiven_organization_application_user" "no_org" {
  organization_id = ""
  name            = "fine"
}

resource "aiven_organization_application_user_token" "no_org" {
  organization_id = ""
  user_id         = "${user}"
}
`);
    const before = stack.proxy.requests.length;
    const plan = await tf.run(['plan', '-no-color']);
    expectExit(plan, 1, 'plan with values the API refuses');
    const text = plan.stderr.replace(/\s+│?\s*/g, ' ');
    assert.match(text, /Invalid scope with aiven_organization_application_user_token\.bogus_scope, on main\.tf line \d+.* scopes = \["bogus"\] "bogus" is not a valid scope; use an Aiven scope/);
    assert.match(text, /Invalid scope with ephemeral\.aiven_organization_application_user_token\.bogus_scope, .*"Bogus Too" is not a valid scope/);
    assert.match(text, /Invalid name with aiven_organization_application_user\.empty_name, .* name must be 1 to 128 characters long, got 0/);
    assert.match(text, /Invalid name with aiven_organization_application_user\.long_name, .* got 129/);
    assert.match(text, /Invalid organization_id with aiven_organization_application_user\.no_org, .* organization_id must not be empty/);
    assert.match(text, /Invalid organization_id with aiven_organization_application_user_token\.no_org, .* organization_id must not be empty/);
    assert.equal(
      stack.proxy.requests.slice(before).filter((r) => r.method !== 'GET').length,
      0,
      'nothing was sent to create or change anything',
    );
  });
});
