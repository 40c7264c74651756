// aiven_organization_application_user_token through the real terraform binary and plugin against a
// started Tessera (issue 4, points 2, 3, 5, 6 and the secret-handling part of 2): the page's example
// applies and then plans clean; using the token shows up on refresh without a planned change;
// full_token stays out of plan output and TF_LOG=trace logs; plan-time validation; import by CLI and
// import block; drift. Needs `npm run build`. Skips loudly where terraform is absent.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTesseraStack } from '../support/tessera-stack.js';
import {
  REPO_ROOT,
  TERRAFORM_MISSING,
  expectExit,
  terraformAvailable,
  type TerraformWorkspace,
} from '../support/terraform.js';

const skip = terraformAvailable() ? false : TERRAFORM_MISSING;
const TOKEN = 'aiven_organization_application_user_token';
const example = readFileSync(join(REPO_ROOT, 'examples/resources', TOKEN, 'resource.tf'), 'utf8');

describe('aiven_organization_application_user_token with terraform', { skip }, () => {
  const stack = useTesseraStack({ tessera: { env: { TESSERA_LAST_USE_FLUSH_MS: '50' } } });
  const workspace = (env: Record<string, string> = {}) => stack.workspace({ beta: true, env });
  const byType = async (tf: TerraformWorkspace, type: string) => (await tf.resources()).find((r) => r.type === type);

  test('the example applies, plans clean, and a use of the token shows on refresh with no planned change; the secret never shows', async () => {
    const tf = await workspace();
    tf.write(example);
    const apply = await tf.run(['apply', '-auto-approve', '-no-color'], { env: { TF_LOG: 'trace' } });
    expectExit(apply, 0, 'apply of the example');
    const token = (await byType(tf, TOKEN))!.values;
    const secret = token.full_token as string;
    assert.match(secret, /^tsr_/);
    assert.equal(token.description, 'Token for TF access to Aiven.');
    assert.equal(token.id, `${token.organization_id}/${token.user_id}/${token.token_prefix}`);
    assert.equal(token.last_used_time, null);
    assert.ok(!(apply.stdout + apply.stderr).includes(secret), 'full_token appears in apply output or TF_LOG=trace logs');
    assert.match(apply.stdout, /full_token\s+= \(sensitive value\)/);
    assert.ok(!stack.tessera.output().includes(secret), 'full_token appears in the server log');

    const plan = await tf.run(['plan', '-detailed-exitcode', '-no-color'], { env: { TF_LOG: 'trace' } });
    expectExit(plan, 0, 'second plan shows no changes');
    assert.ok(!(plan.stdout + plan.stderr).includes(secret), 'full_token appears in plan output or logs');

    // Use the token like a person would: curl with it.
    const curl = spawnSync('curl', ['-sS', '-H', `Authorization: aivenv1 ${secret}`, `${stack.tessera.url}/v1/me`], { encoding: 'utf8' });
    assert.equal(curl.status, 0, curl.stderr);
    assert.match(curl.stdout, new RegExp(token.user_id as string));
    await new Promise((r) => setTimeout(r, 300)); // the server writes last use coalesced (50 ms here)

    expectExit(await tf.run(['apply', '-refresh-only', '-auto-approve', '-no-color']), 0, 'refresh');
    const used = (await byType(tf, TOKEN))!.values;
    assert.match(used.last_used_time as string, /^\d{4}-\d\d-\d\dT/);
    assert.equal(used.last_ip, '127.0.0.1');
    assert.match(used.last_user_agent as string, /^curl\//);
    assert.match(used.last_user_agent_human_readable as string, /curl/i);
    assert.equal(used.full_token, secret, 'full_token kept from state on refresh');
    expectExit(await tf.run(['plan', '-detailed-exitcode', '-no-color']), 0, 'plan after use shows no changes');

    // Every settable attribute forces a new token.
    tf.write(example.replace('Token for TF access to Aiven.', 'Another description.'));
    const replace = await tf.run(['plan', '-detailed-exitcode', '-no-color']);
    expectExit(replace, 2, 'changing description');
    assert.match(replace.stdout, /must be replaced/);
    assert.match(replace.stdout, /description\s+= "Token for TF access to Aiven." -> "Another description." # forces replacement/);

    expectExit(await tf.run(['destroy', '-auto-approve', '-no-color']), 0, 'destroy');
    await assert.rejects(stack.client.getOrganization(token.organization_id as string), { status: 404 });
  });

  test('values the server would refuse fail at plan time, pointing at the attribute', async () => {
    const tf = await workspace();
    tf.write(`resource "${TOKEN}" "bad" {
  organization_id = "org1"
  user_id         = "u1"
  max_age_seconds = 10
  description     = "${'x'.repeat(1001)}"
  ip_allowlist    = ["10.0.0.0/33"]
  scopes          = [${Array.from({ length: 101 }, (_, i) => `"x-s${i}"`).join(', ')}]
}
`);
    const r = await tf.run(['validate', '-no-color']);
    expectExit(r, 1, 'validate');
    const text = r.stderr.replace(/\s+/g, ' '); // terraform wraps long details
    assert.match(text, /Invalid max_age_seconds .* line 9, .* max_age_seconds = 10 .* 0 \(never expires\) or 600 to 315360000, got 10/);
    assert.match(text, /Description too long .* line 10, .* at most 1000 characters, got 1001/);
    assert.match(text, /Invalid CIDR in ip_allowlist .* line 11, .* "10\.0\.0\.0\/33" is not an IP address or CIDR range/);
    assert.match(text, /Too many scopes .* line 12, .* scopes may hold at most 100 items, got 101/);
  });

  test('import by CLI and by import block; full_token null with a warning saying why; malformed ids show the form', async () => {
    const org = (await stack.client.createOrganization({ organization_name: 'imports' })).organization_id;
    const user = (await stack.client.createApplicationUser(org, { name: 'imp' })).user_id;
    const first = await stack.client.createApplicationUserToken(org, user, { description: 'imported one', scopes: ['accounts:read'] });
    const second = await stack.client.createApplicationUserToken(org, user, { description: 'imported two' });
    const tf = await workspace();
    const config = `resource "${TOKEN}" "example" {
  organization_id = "${org}"
  user_id         = "${user}"
  description     = "imported one"
  scopes          = ["accounts:read"]
}
`;
    tf.write(config);
    const imported = await tf.run(['import', '-no-color', `${TOKEN}.example`, `${org}/${user}/${first.token_prefix}`]);
    expectExit(imported, 0, 'terraform import');
    assert.match(imported.stdout + imported.stderr, /full_token is not imported/);
    assert.match(imported.stdout + imported.stderr, /shown only once/);
    const state = (await byType(tf, TOKEN))!.values;
    assert.equal(state.full_token, null);
    assert.equal(state.token_prefix, first.token_prefix);
    assert.equal(state.description, 'imported one');
    expectExit(await tf.run(['plan', '-detailed-exitcode', '-no-color']), 0, 'plan after import shows no changes');

    tf.write(
      config +
        `
import {
  to = ${TOKEN}.second
  id = "${org}/${user}/${second.token_prefix}"
}

resource "${TOKEN}" "second" {
  organization_id = "${org}"
  user_id         = "${user}"
  description     = "imported two"
}
`,
    );
    const plan = await tf.run(['plan', '-no-color']);
    expectExit(plan, 0, 'plan with an import block');
    assert.match(plan.stdout, /1 to import, 0 to add, 0 to change, 0 to destroy/);
    expectExit(await tf.run(['apply', '-auto-approve', '-no-color']), 0, 'apply with an import block');
    const both = (await tf.resources()).filter((r) => r.type === TOKEN);
    assert.equal(both.length, 2);

    const tf2 = await workspace();
    tf2.write(config);
    const malformed = await tf2.run(['import', '-no-color', `${TOKEN}.example`, `${org}/${user}`]);
    expectExit(malformed, 1, 'import with a malformed id');
    assert.match(malformed.stderr, /ORGANIZATION_ID\/USER_ID\/TOKEN_PREFIX/);
    // A prefix containing "/" stays whole: the read looks for exactly "tsr_no/such".
    const slashed = await tf2.run(['import', '-no-color', `${TOKEN}.example`, `${org}/${user}/tsr_no/such`]);
    expectExit(slashed, 1, 'import of a prefix that does not exist');
    assert.match(slashed.stdout + slashed.stderr, /tsr_no\/such/);
    assert.match(slashed.stderr, /Cannot import non-existent remote object/);
  });

  test('drift: a token revoked outside terraform, or its user deleted, leaves state on refresh with a warning and is re-created', async () => {
    const tf = await workspace();
    tf.write(example);
    expectExit(await tf.run(['apply', '-auto-approve', '-no-color']), 0, 'apply');
    const token = (await byType(tf, TOKEN))!.values;
    const org = token.organization_id as string;
    const user = token.user_id as string;

    await stack.client.deleteApplicationUserToken(org, user, token.token_prefix as string);
    const plan = await tf.run(['plan', '-detailed-exitcode', '-no-color']);
    expectExit(plan, 2, 'plan after revoking outside terraform');
    assert.match(plan.stdout + plan.stderr, /Application user token removed from state/);
    assert.match(plan.stdout, /aiven_organization_application_user_token\.example will be created/);
    assert.match(plan.stdout, /1 to add, 0 to change, 0 to destroy/);
    expectExit(await tf.run(['apply', '-auto-approve', '-no-color']), 0, 're-create');
    const recreated = (await byType(tf, TOKEN))!.values;
    assert.notEqual(recreated.token_prefix, token.token_prefix);

    await stack.client.deleteApplicationUser(org, user);
    const plan2 = await tf.run(['plan', '-detailed-exitcode', '-no-color']);
    expectExit(plan2, 2, 'plan after deleting the user outside terraform');
    assert.match(plan2.stdout + plan2.stderr, /Application user removed from state/);
    assert.match(plan2.stdout + plan2.stderr, /Application user token removed from state/);
    assert.match(plan2.stdout, /2 to add, 0 to change, 0 to destroy/);
    expectExit(await tf.run(['apply', '-auto-approve', '-no-color']), 0, 're-create both');
    expectExit(await tf.run(['plan', '-detailed-exitcode', '-no-color']), 0, 'clean afterwards');
  });
});
