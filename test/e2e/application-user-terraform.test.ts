// aiven_organization_application_user and its data source with the real terraform (issue 4, point 1),
// and the beta gate (point 4). Needs `npm run build`. Skips loudly where terraform is absent.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTesseraStack } from '../support/tessera-stack.js';
import { TERRAFORM_MISSING, expectExit, terraformAvailable } from '../support/terraform.js';

const skip = terraformAvailable() ? false : TERRAFORM_MISSING;
const USER = 'aiven_organization_application_user';

describe('aiven_organization_application_user with terraform', { skip }, () => {
  const stack = useTesseraStack();
  const workspace = (opts: { beta?: boolean; env?: Record<string, string> } = { beta: true }) => stack.workspace(opts);

  const userConfig = (orgRef: string, name: string, extra = '') => `resource "aiven_organization" "main" {
  name = "users-e2e"
}

resource "aiven_organization" "other" {
  name = "users-e2e-other"
}

resource "${USER}" "tf_user" {
  organization_id = ${orgRef}
  name            = "${name}"
${extra}}

data "${USER}" "read_back" {
  organization_id = ${USER}.tf_user.organization_id
  user_id         = ${USER}.tf_user.user_id
}

output "read_back" {
  value = data.${USER}.read_back.email
}
`;

  test('create, rename and super-admin in place, move organization by replacement, import, data source', async () => {
    const tf = await workspace();
    tf.write(userConfig('aiven_organization.main.id', 'app-terraform'));
    expectExit(await tf.run(['apply', '-auto-approve', '-no-color']), 0, 'apply');
    const user = (await tf.resources()).find((r) => r.type === USER && r.mode === 'managed')!.values;
    assert.match(user.user_id as string, /^u/);
    assert.equal(user.id, `${user.organization_id}/${user.user_id}`);
    assert.equal(user.is_super_admin, false);
    assert.match(user.email as string, /@/);
    assert.match(user.create_time as string, /^\d{4}-/);
    const data = (await tf.resources()).find((r) => r.type === USER && r.mode === 'data')!.values;
    assert.equal(data.email, user.email);
    assert.equal(data.name, 'app-terraform');
    expectExit(await tf.run(['plan', '-detailed-exitcode', '-no-color']), 0, 'no changes after apply');

    tf.write(userConfig('aiven_organization.main.id', 'renamed', '  is_super_admin  = true\n'));
    const rename = await tf.run(['plan', '-detailed-exitcode', '-no-color']);
    expectExit(rename, 2, 'rename plan');
    assert.match(rename.stdout, /will be updated in-place/);
    assert.doesNotMatch(rename.stdout, /must be replaced/);
    expectExit(await tf.run(['apply', '-auto-approve', '-no-color']), 0, 'rename');
    const renamed = await stack.client.getApplicationUser(user.organization_id as string, user.user_id as string);
    assert.equal(renamed.name, 'renamed');
    assert.equal(renamed.is_super_admin, true);

    tf.write(userConfig('aiven_organization.other.id', 'renamed', '  is_super_admin  = true\n'));
    const move = await tf.run(['plan', '-detailed-exitcode', '-no-color']);
    expectExit(move, 2, 'move plan');
    assert.match(move.stdout, /organization_id\s+= "org[0-9a-f]+" -> "org[0-9a-f]+" # forces replacement/);

    // Import into a fresh state.
    const tf2 = await workspace();
    tf2.write(`resource "${USER}" "imported" {
  organization_id = "${user.organization_id}"
  name            = "renamed"
  is_super_admin  = true
}
`);
    expectExit(await tf2.run(['import', '-no-color', `${USER}.imported`, `${user.organization_id}/${user.user_id}`]), 0, 'import');
    expectExit(await tf2.run(['plan', '-detailed-exitcode', '-no-color']), 0, 'no changes after import');
    const bad = await tf2.run(['import', '-no-color', `${USER}.imported`, 'just-one-part']);
    expectExit(bad, 1, 'malformed import id');
    assert.match(bad.stderr, /ORGANIZATION_ID\/USER_ID/);
  });

  for (const [label, env] of [
    ['unset', {}],
    ['empty', { PROVIDER_AIVEN_ENABLE_BETA: '' }],
    ['"false"', { PROVIDER_AIVEN_ENABLE_BETA: 'false' }],
  ] as const) {
    test(`beta gate (${label}): the user and token resources fail validation naming the resource and the variable; aiven_organization works`, async () => {
      const tf = await workspace({ beta: false, env });
      // One beta resource per configuration: terraform stops validating at the first failing one.
      const cases: [string, string, string][] = [
        ['resource', 'aiven_organization_application_user', 'organization_id = "org1"\n  name = "u"'],
        ['resource', 'aiven_organization_application_user_token', 'organization_id = "org1"\n  user_id = "u1"'],
      ];
      if (label === 'unset') {
        cases.push(['data source', 'aiven_organization_application_user', 'organization_id = "org1"\n  user_id = "u1"']);
        cases.push(['ephemeral resource', 'aiven_organization_application_user_token', 'organization_id = "org1"\n  user_id = "u1"']);
      }
      for (const [kind, type, body] of cases) {
        const block = { resource: 'resource', 'data source': 'data', 'ephemeral resource': 'ephemeral' }[kind];
        tf.write(`${block} "${type}" "x" {\n  ${body}\n}\n`);
        const r = await tf.run(['validate', '-no-color']);
        expectExit(r, 1, `validate ${kind} ${type} without beta`);
        const text = r.stderr.replace(/\s+/g, ' ');
        assert.match(text, /Beta Resource Not Enabled/);
        assert.ok(text.includes(`The ${kind} ${type} is in the beta stage`), text);
        assert.match(text, /PROVIDER_AIVEN_ENABLE_BETA/);
      }

      tf.write(`resource "aiven_organization" "main" {
  name = "beta-gate"
}
`);
      expectExit(await tf.run(['validate', '-no-color']), 0, 'aiven_organization without beta');
      expectExit(await tf.run(['plan', '-no-color']), 0, 'plan of aiven_organization without beta');
    });
  }
});
