// The official Go provider (github.com/aiven/terraform-provider-aiven, built by scripts/real-clients.sh at
// a pinned commit) loaded through a dev override by the e2e host binary (terraform, else tofu), pointed
// at a started Tessera: the reference page's Example Usage exactly, plus a token with only the required
// fields — apply, a second plan with no changes, refresh, import by ORGANIZATION_ID/USER_ID/TOKEN_PREFIX,
// destroy.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { startTessera, type RunningTessera } from '../support/tessera.js';
import { createTerraformWorkspace, expectExit, tfHost, type StateResource, type TerraformWorkspace } from '../support/terraform.js';
import { realClient } from './support/real-clients.js';

let tessera: RunningTessera;
let tf: TerraformWorkspace;

/** The reference page's Example Usage, verbatim (docs reference aiven_organization.main, declared before it). */
const EXAMPLE_USAGE = `resource "aiven_organization_application_user" "tf_user" {
  organization_id = aiven_organization.main.id
  name = "app-terraform"
}

resource "aiven_organization_application_user_token" "example" {
  organization_id = aiven_organization.main.id
  user_id = aiven_organization_application_user.tf_user.user_id
  description = "Token for TF access to Aiven."
}
`;

const CONFIG = `terraform {
  required_providers {
    aiven = { source = "aiven/aiven" }
  }
}

resource "aiven_organization" "main" {
  name = "tessera-compat"
}

${EXAMPLE_USAGE}
resource "aiven_organization_application_user_token" "required_only" {
  organization_id = aiven_organization.main.id
  user_id         = aiven_organization_application_user.tf_user.user_id
}
`;

before(async () => {
  const provider = realClient('official-provider');
  process.stdout.write(`# host: ${tfHost().version}; official provider: ${provider}\n`);
  tessera = await startTessera();
  tf = await createTerraformWorkspace({
    apiUrl: tessera.url,
    token: tessera.adminToken,
    devOverrides: { 'aiven/aiven': dirname(provider) },
    env: { PROVIDER_AIVEN_ENABLE_BETA: '1' },
  });
  tf.write(CONFIG);
});
after(async () => {
  await tf?.cleanup();
  await tessera?.stop();
});

async function api(path: string): Promise<any> {
  const response = await fetch(tessera.url + path, { headers: { authorization: `aivenv1 ${tessera.adminToken}` } });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

const byAddress = (resources: StateResource[], address: string) => {
  const found = resources.find((r) => r.address === address);
  assert.ok(found, `${address} is in state`);
  return found.values;
};

test('the official provider: apply, no-change plan, refresh, import, destroy against Tessera', async () => {
  const apply = await tf.run(['apply', '-auto-approve', '-no-color'], { timeoutMs: 300_000 });
  expectExit(apply, 0, 'apply');

  const resources = await tf.resources();
  const org = byAddress(resources, 'aiven_organization.main');
  const user = byAddress(resources, 'aiven_organization_application_user.tf_user');
  const example = byAddress(resources, 'aiven_organization_application_user_token.example');
  const requiredOnly = byAddress(resources, 'aiven_organization_application_user_token.required_only');
  const orgId = org.id as string;
  assert.match(orgId, /^org/);
  assert.equal(user.name, 'app-terraform');
  assert.match(user.user_id as string, /^u/);
  assert.equal(example.description, 'Token for TF access to Aiven.');
  assert.match(example.full_token as string, /^tsr_/);
  assert.ok((example.full_token as string).startsWith(example.token_prefix as string));
  assert.equal(example.id, `${orgId}/${user.user_id}/${example.token_prefix}`);
  assert.equal(requiredOnly.max_age_seconds, null, 'unset max_age_seconds stays null (no inconsistent result)');
  assert.equal(Date.parse(requiredOnly.expiry_time as string) - Date.parse(requiredOnly.create_time as string), 36000_000, '10 h default');

  // Tessera holds what the provider says
  const held = (await api(`/v1/organization/${orgId}/application-users/${user.user_id}/access-tokens`)).body.tokens as any[];
  assert.deepEqual(held.map((t) => t.token_prefix).sort(), [example.token_prefix, requiredOnly.token_prefix].sort());
  assert.equal((await api(`/v1/organization/${orgId}`)).body.organization_name, 'tessera-compat');

  const plan = await tf.run(['plan', '-detailed-exitcode', '-no-color'], { timeoutMs: 300_000 });
  expectExit(plan, 0, 'second plan (no changes)');
  assert.match(plan.stdout, /No changes/);

  const refresh = await tf.run(['apply', '-refresh-only', '-auto-approve', '-no-color'], { timeoutMs: 300_000 });
  expectExit(refresh, 0, 'refresh');
  expectExit(await tf.run(['plan', '-detailed-exitcode', '-no-color'], { timeoutMs: 300_000 }), 0, 'plan after refresh');

  expectExit(await tf.run(['state', 'rm', 'aiven_organization_application_user_token.example'], { timeoutMs: 120_000 }), 0, 'state rm');
  const importId = `${orgId}/${user.user_id}/${example.token_prefix}`;
  const imported = await tf.run(['import', '-no-color', 'aiven_organization_application_user_token.example', importId], { timeoutMs: 300_000 });
  expectExit(imported, 0, `import ${importId}`);
  const afterImport = byAddress(await tf.resources(), 'aiven_organization_application_user_token.example');
  assert.equal(afterImport.token_prefix, example.token_prefix);
  assert.equal(afterImport.description, 'Token for TF access to Aiven.');
  assert.equal(afterImport.create_time, example.create_time);

  const destroy = await tf.run(['destroy', '-auto-approve', '-no-color'], { timeoutMs: 300_000 });
  expectExit(destroy, 0, 'destroy');
  assert.equal((await api(`/v1/organization/${orgId}`)).status, 404, 'the organization is gone');
  const gone = await fetch(`${tessera.url}/v1/me`, { headers: { authorization: `aivenv1 ${example.full_token}` } });
  assert.equal(gone.status, 401, 'the destroyed token no longer authenticates');
});
