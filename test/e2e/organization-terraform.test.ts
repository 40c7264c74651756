// aiven_organization through the real terraform binary and the real plugin, against a started Tessera:
// init (filesystem mirror) or dev_overrides, plan, apply, no-op plan, rename in place, import into a
// fresh state, destroy; the data source by id and by name; the missing-token diagnostic.
// Needs `npm run build` (bin/ runs dist/). Skips loudly where terraform is absent.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTesseraStack } from '../support/tessera-stack.js';
import { TERRAFORM_MISSING, expectExit, terraformAvailable } from '../support/terraform.js';

const skip = terraformAvailable() ? false : TERRAFORM_MISSING;

describe('aiven_organization with terraform', { skip }, () => {
  const stack = useTesseraStack();
  const workspace = stack.workspace;

  test('plan, apply, no-op plan, rename in place, import into a fresh state, destroy', async () => {
    const tf = await workspace();
    tf.write(`resource "aiven_organization" "main" {\n  name = "e2e-acme"\n  timeouts {\n    create = "2m"\n  }\n}\n`);

    const plan = await tf.run(['plan', '-detailed-exitcode', '-no-color']);
    expectExit(plan, 2, 'first plan has changes');
    assert.match(plan.stdout, /aiven_organization\.main will be created/);
    assert.match(plan.stdout, /id\s+= \(known after apply\)/);

    expectExit(await tf.run(['apply', '-auto-approve', '-no-color']), 0, 'apply');
    const [org] = await tf.resources();
    const id = org.values.id as string;
    assert.match(id, /^org/);
    assert.equal(org.values.name, 'e2e-acme');
    assert.equal(org.values.tenant_id, (await stack.client.getAccount((await stack.client.getOrganization(id)).account_id)).tenant_id);
    assert.equal((await stack.client.getOrganization(id)).organization_name, 'e2e-acme');

    expectExit(await tf.run(['plan', '-detailed-exitcode', '-no-color']), 0, 'plan right after apply shows no changes');

    tf.write(`resource "aiven_organization" "main" {\n  name = "e2e-acme-renamed"\n  timeouts {\n    create = "2m"\n  }\n}\n`);
    const renamePlan = await tf.run(['plan', '-detailed-exitcode', '-no-color']);
    expectExit(renamePlan, 2, 'rename plan');
    assert.match(renamePlan.stdout, /will be updated in-place/);
    assert.doesNotMatch(renamePlan.stdout, /must be replaced/);
    expectExit(await tf.run(['apply', '-auto-approve', '-no-color']), 0, 'rename apply');
    assert.equal((await tf.resources())[0].values.id, id, 'same organization');
    assert.equal((await stack.client.getOrganization(id)).organization_name, 'e2e-acme-renamed');
    expectExit(await tf.run(['plan', '-detailed-exitcode', '-no-color']), 0, 'plan after rename shows no changes');

    const fresh = await workspace();
    fresh.write(`resource "aiven_organization" "imported" {\n  name = "e2e-acme-renamed"\n}\n`);
    expectExit(await fresh.run(['import', '-no-color', 'aiven_organization.imported', id]), 0, 'import');
    const [imported] = await fresh.resources();
    assert.equal(imported.values.id, id);
    assert.equal(imported.values.name, 'e2e-acme-renamed');
    assert.equal(imported.values.create_time, org.values.create_time);
    expectExit(await fresh.run(['plan', '-detailed-exitcode', '-no-color']), 0, 'imported state matches the config');

    fresh.write(`resource "aiven_organization" "imported" {\n  name = "e2e-acme-renamed"\n}\nresource "aiven_organization" "other" {\n  name = "other"\n}\n`);
    const badImport = await fresh.run(['import', '-no-color', 'aiven_organization.other', 'acme-renamed']);
    assert.equal(badImport.code, 1);
    assert.match(badImport.stderr, /Invalid Import ID/);
    assert.match(badImport.stderr, /"acme-renamed" is not an organization ID/);
    const missingImport = await fresh.run(['import', '-no-color', 'aiven_organization.other', 'org0000dead']);
    assert.equal(missingImport.code, 1);
    assert.match(missingImport.stderr, /Cannot import non-existent remote object/);

    expectExit(await tf.run(['destroy', '-auto-approve', '-no-color']), 0, 'destroy');
    await assert.rejects(stack.client.getOrganization(id), { status: 404 });
    assert.deepEqual(await tf.resources(), []);
  });

  test('terraform init from the filesystem mirror that `tessera provider install` writes, then apply and destroy', async () => {
    const tf = await workspace({ install: 'filesystem_mirror' });
    tf.write(`resource "aiven_organization" "m" {\n  name = "e2e-mirror"\n}\n`);
    const init = await tf.run(['init', '-no-color']);
    expectExit(init, 0, 'init from the mirror');
    assert.match(init.stdout, /Installing tessera\/aiven v0\.1\.0/);
    expectExit(await tf.run(['apply', '-auto-approve', '-no-color']), 0, 'apply');
    const id = (await tf.resources())[0].values.id as string;
    assert.equal((await stack.client.getOrganization(id)).organization_name, 'e2e-mirror');
    expectExit(await tf.run(['plan', '-detailed-exitcode', '-no-color']), 0, 'no changes');
    expectExit(await tf.run(['destroy', '-auto-approve', '-no-color']), 0, 'destroy');
  });

  test('an organization deleted outside terraform leaves state on refresh with a warning and is planned again', async () => {
    const tf = await workspace();
    tf.write(`resource "aiven_organization" "gone" {\n  name = "e2e-gone-${process.pid}"\n}\n`);
    expectExit(await tf.run(['apply', '-auto-approve', '-no-color']), 0, 'apply');
    const id = (await tf.resources())[0].values.id as string;
    await stack.client.deleteOrganization(id);
    const plan = await tf.run(['plan', '-detailed-exitcode', '-no-color']);
    expectExit(plan, 2, 'plan after the deletion');
    assert.match(plan.stdout, /aiven_organization\.gone will be created/);
    assert.match(plan.stdout + plan.stderr, /Warning: Organization removed from state/);
    expectExit(await tf.run(['apply', '-auto-approve', '-no-color']), 0, 'apply re-creates it');
    const recreated = (await tf.resources())[0].values.id as string;
    assert.notEqual(recreated, id);
    expectExit(await tf.run(['destroy', '-auto-approve', '-no-color']), 0, 'destroy');
  });

  test('data source by id and by name', async () => {
    const org = await stack.client.createAccount({ account_name: `e2e-lookup-${process.pid}` });
    const tf = await workspace();
    tf.write(`
data "aiven_organization" "by_id" {
  id = ${JSON.stringify(org.organization_id)}
}
data "aiven_organization" "by_name" {
  name = ${JSON.stringify(org.account_name)}
}
output "by_id_name" { value = data.aiven_organization.by_id.name }
output "by_name_id" { value = data.aiven_organization.by_name.id }
output "tenant" { value = data.aiven_organization.by_name.tenant_id }
`);
    expectExit(await tf.run(['apply', '-auto-approve', '-no-color']), 0, 'apply');
    const out = JSON.parse((await tf.run(['output', '-json'])).stdout);
    assert.equal(out.by_id_name.value, org.account_name);
    assert.equal(out.by_name_id.value, org.organization_id);
    assert.equal(out.tenant.value, org.tenant_id);

    tf.write(`data "aiven_organization" "both" {\n  id   = "x"\n  name = "y"\n}\n`);
    const both = await tf.run(['plan', '-no-color']);
    assert.equal(both.code, 1);
    assert.match(both.stderr, /Exactly one of "id", "name" must be set/);
  });

  test('without a token, configure fails with a clear diagnostic', async () => {
    const tf = await workspace({ token: undefined });
    tf.write(`resource "aiven_organization" "x" {\n  name = "never"\n}\n`);
    const r = await tf.run(['plan', '-no-color']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Error: Missing API token/);
    assert.match(r.stderr, /AIVEN_TOKEN/);
  });

  test('a bad timeout is rejected at validation, naming the value', async () => {
    const tf = await workspace();
    tf.write(`resource "aiven_organization" "x" {\n  name = "never"\n  timeouts {\n    create = "ten minutes"\n  }\n}\n`);
    const r = await tf.run(['validate', '-no-color']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Invalid Timeout/);
    assert.match(r.stderr, /invalid duration "ten minutes"/);
  });

  test('an API error reaches terraform quoting the server message', async () => {
    const tf = await workspace({ token: undefined, env: { AIVEN_TOKEN: 'tsr_not_a_valid_token' } });
    tf.write(`resource "aiven_organization" "x" {\n  name = "never"\n}\n`);
    const r = await tf.run(['apply', '-auto-approve', '-no-color']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Error creating aiven_organization/);
    assert.match(r.stderr, /The API answered 401/);
    assert.doesNotMatch(r.stdout + r.stderr, /tsr_not_a_valid_token/);
  });
});
