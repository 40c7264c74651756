// The documented ephemeral example, as written in examples/ (and so in docs/), works on the first apply
// (issue 16, point 4): the application user is created in the same configuration, so the token, and the
// provider alias configured with it, are known only at apply. Its provider blocks carry api_url: the
// environment's AIVEN_WEB_URL points nowhere here, so a block without api_url would fail.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTesseraStack } from '../support/tessera-stack.js';
import { REPO_ROOT, TERRAFORM_MISSING, expectExit, terraformAvailable, type TerraformWorkspace } from '../support/terraform.js';

const skip = terraformAvailable() ? false : TERRAFORM_MISSING;
const EXAMPLE = join(REPO_ROOT, 'examples/ephemeral-resources/aiven_organization_application_user_token/ephemeral-resource.tf');

describe('the documented ephemeral token example', { skip }, () => {
  const stack = useTesseraStack({ proxy: true });
  let tf: TerraformWorkspace;

  before(async () => {
    // Port 9 (discard) on loopback: nothing listens, so anything that ignores api_url fails loudly.
    tf = await stack.workspace({ beta: true, env: { AIVEN_WEB_URL: 'http://127.0.0.1:9' } });
  });

  test('applies on the first run, as written, and leaves no token behind', async () => {
    const example = readFileSync(EXAMPLE, 'utf8');
    assert.equal((example.match(/api_url\s*=\s*var\.aiven_api_url/g) ?? []).length, 2, 'both provider blocks set api_url');
    assert.match(readFileSync(join(REPO_ROOT, 'docs/ephemeral-resources/organization_application_user_token.md'), 'utf8'), /alias\s+= "as_deployer"/);
    tf.write(example);
    const apply = await tf.run(['apply', '-auto-approve', '-no-color', `-var=aiven_api_url=${stack.proxy.url}`]);
    expectExit(apply, 0, 'first apply of the documented example');
    assert.match(apply.stdout, /deployer_email = "[^"]+"/);

    const resources = await tf.resources();
    const org = resources.find((r) => r.type === 'aiven_organization')!.values.id as string;
    const user = resources.find((r) => r.type === 'aiven_organization_application_user')!.values.user_id as string;
    // The alias really used the ephemeral token (not the admin token), and every token opened was revoked.
    const asDeployer = stack.proxy.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/application-users/${user}`) && !r.authorization.endsWith(stack.tessera.adminToken));
    assert.ok(asDeployer.length >= 1, 'the data source read through the alias, with the ephemeral token');
    assert.deepEqual(await stack.client.listApplicationUserTokens(org, user), []);

    const again = await tf.run(['plan', '-detailed-exitcode', '-no-color', `-var=aiven_api_url=${stack.proxy.url}`]);
    expectExit(again, 0, 'second plan: no changes');
    expectExit(await tf.run(['destroy', '-auto-approve', '-no-color', `-var=aiven_api_url=${stack.proxy.url}`]), 0, 'destroy');
  });
});
