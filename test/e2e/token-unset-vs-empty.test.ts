// Unset and empty are different (issue 16, points 1 and 5). On the server a token without scopes has
// all its user's rights and one with `scopes = []` none; without ip_allowlist it works from anywhere,
// with [] from nowhere. State must say which: unset stays null through plan, apply, refresh and import,
// [] stays [], and a change from one to the other replaces the token. -generate-config-out of an
// imported unrestricted token writes no `scopes = []`, and of a never-expiring token
// `max_age_seconds = 0`, which plans.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTesseraStack } from '../support/tessera-stack.js';
import { TERRAFORM_MISSING, expectExit, terraformAvailable, type TerraformWorkspace } from '../support/terraform.js';

const skip = terraformAvailable() ? false : TERRAFORM_MISSING;
const TOKEN = 'aiven_organization_application_user_token';

describe('token scopes and ip_allowlist: unset versus empty', { skip }, () => {
  const stack = useTesseraStack();
  let tf: TerraformWorkspace;
  let org: string;
  let user: string;

  before(async () => {
    tf = await stack.workspace({ beta: true });
    org = (await stack.client.createOrganization({ organization_name: 'unset-vs-empty' })).organization_id;
    user = (await stack.client.createApplicationUser(org, { name: 'ci' })).user_id;
  });

  const token = (extra: string) => `resource "${TOKEN}" "t" {
  organization_id = "${org}"
  user_id         = "${user}"
  description     = "unset vs empty"
${extra}}
`;
  const stateOf = async () => (await tf.resources()).find((r) => r.type === TOKEN)!.values;
  const serverToken = async (prefix: unknown) => (await stack.client.listApplicationUserTokens(org, user)).find((t) => t.token_prefix === prefix)!;

  test('unset stays null, [] stays [], and a change between them plans a replacement', async () => {
    tf.write(token(''));
    expectExit(await tf.run(['apply', '-auto-approve', '-no-color']), 0, 'apply without scopes');
    let state = await stateOf();
    assert.equal(state.scopes, null, 'unset scopes are null in state');
    assert.equal(state.ip_allowlist, null, 'unset ip_allowlist is null in state');
    assert.equal((await serverToken(state.token_prefix)).scopes, null);
    expectExit(await tf.run(['apply', '-refresh-only', '-auto-approve', '-no-color']), 0, 'refresh');
    assert.equal((await stateOf()).scopes, null, 'still null after a refresh');

    tf.write(token('  scopes       = []\n  ip_allowlist = []\n'));
    const plan = await tf.run(['plan', '-detailed-exitcode', '-no-color']);
    expectExit(plan, 2, 'adding scopes = [] is a change');
    assert.match(plan.stdout, /must be replaced/);
    assert.match(plan.stdout, /\+ scopes\s+= \[\] # forces replacement/);
    expectExit(await tf.run(['apply', '-auto-approve', '-no-color']), 0, 'apply with []');
    state = await stateOf();
    assert.deepEqual(state.scopes, []);
    assert.deepEqual(state.ip_allowlist, []);
    const restricted = await serverToken(state.token_prefix);
    assert.deepEqual(restricted.scopes, [], 'the server token allows nothing');
    assert.deepEqual(restricted.ip_allowlist, []);
    expectExit(await tf.run(['plan', '-detailed-exitcode', '-no-color']), 0, 'no changes with [] kept');

    tf.write(token(''));
    const back = await tf.run(['plan', '-detailed-exitcode', '-no-color']);
    expectExit(back, 2, 'removing scopes = [] is a change');
    assert.match(back.stdout, /- scopes\s+= \[\] -> null # forces replacement/);
    expectExit(await tf.run(['destroy', '-auto-approve', '-no-color']), 0, 'destroy');
  });

  test('-generate-config-out of imported tokens: no scopes = [] for an unrestricted one; max_age_seconds = 0 plans', async () => {
    const unrestricted = await stack.client.createApplicationUserToken(org, user, { description: 'imported, unrestricted' });
    const nothing = await stack.client.createApplicationUserToken(org, user, { description: 'imported, empty', scopes: [], ip_allowlist: [] });
    const forever = await stack.client.createApplicationUserToken(org, user, { description: 'imported, never expires', max_age_seconds: 0 });
    const block = (name: string, prefix: string) => `import {
  to = ${TOKEN}.${name}
  id = "${org}/${user}/${prefix}"
}
`;
    tf.write(block('unrestricted', unrestricted.token_prefix) + block('nothing', nothing.token_prefix) + block('forever', forever.token_prefix));
    const generate = await tf.run(['plan', '-generate-config-out=generated.tf', '-no-color']);
    expectExit(generate, 0, 'plan -generate-config-out');
    const generated = readFileSync(join(tf.dir, 'generated.tf'), 'utf8');
    const resourceText = (name: string) => new RegExp(`resource "${TOKEN}" "${name}" \\{([\\s\\S]*?)\\n\\}`).exec(generated)![1];
    assert.doesNotMatch(resourceText('unrestricted'), /scopes\s*=\s*\[\]/, generated);
    assert.doesNotMatch(resourceText('unrestricted'), /ip_allowlist\s*=\s*\[\]/, generated);
    assert.match(resourceText('nothing'), /scopes\s*=\s*\[\]/);
    assert.match(resourceText('nothing'), /ip_allowlist\s*=\s*\[\]/);
    assert.match(resourceText('forever'), /max_age_seconds\s*=\s*0\b/);

    const plan = await tf.run(['plan', '-no-color']);
    expectExit(plan, 0, 'the generated configuration plans');
    assert.match(plan.stdout, /Plan: 3 to import, 0 to add, 0 to change, 0 to destroy/);
    expectExit(await tf.run(['apply', '-auto-approve', '-no-color']), 0, 'import');
    const byName = Object.fromEntries((await tf.resources()).map((r) => [r.address.split('.')[1], r.values]));
    assert.equal(byName.unrestricted.scopes, null);
    assert.deepEqual(byName.nothing.scopes, []);
    assert.equal(byName.forever.max_age_seconds, 0);
  });
});
