// Error messages say what happened (issue 16, point 7): a create refused at the connection is not
// reported as a timeout with advice about orphaned tokens (nothing was sent); an api_url with a query
// string is refused when the provider is configured; the "full_token is not imported" warning appears
// only when the import succeeded; not-found errors read "<what> not found" everywhere.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTesseraStack } from '../support/tessera-stack.js';
import { TERRAFORM_MISSING, expectExit, terraformAvailable } from '../support/terraform.js';

const skip = terraformAvailable() ? false : TERRAFORM_MISSING;
const TOKEN = 'aiven_organization_application_user_token';
const flat = (text: string) => text.replace(/\s+│?\s*/g, ' ');

describe('a token create refused at the connection', { skip }, () => {
  const stack = useTesseraStack({ proxy: true });

  test('is reported as a connection failure, not as a timeout with orphan advice', async () => {
    const tf = await stack.workspace({ beta: true });
    const org = (await stack.client.createOrganization({ organization_name: 'refused' })).organization_id;
    const user = (await stack.client.createApplicationUser(org, { name: 'ci' })).user_id;
    // The first token is created; when the second create arrives the API goes away (the proxy in front
    // of it stops listening and drops its connections), so that request's retries find nobody there.
    let creates = 0;
    stack.proxy.goAwayWhen((r) => r.method === 'POST' && r.path.endsWith('/access-tokens') && ++creates === 2);
    tf.write(`resource "${TOKEN}" "first" {
  organization_id = "${org}"
  user_id         = "${user}"
  description     = "first"
}

resource "${TOKEN}" "second" {
  organization_id = "${org}"
  user_id         = "${user}"
  description     = "after \${${TOKEN}.first.token_prefix}"
}
`);
    const apply = await tf.run(['apply', '-auto-approve', '-no-color']);
    expectExit(apply, 1, 'apply whose second create is refused');
    const text = flat(apply.stderr);
    assert.match(text, /Error creating aiven_organization_application_user_token/);
    assert.match(text, /could not reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)\. Check api_url \(or AIVEN_WEB_URL\) and that the server is running/);
    assert.doesNotMatch(text, /Timeout/);
    assert.doesNotMatch(text, /look for a token|orphan|created it anyway/i);
    const tokens = await stack.client.listApplicationUserTokens(org, user);
    assert.deepEqual(tokens.map((t) => t.description), ['first'], 'nothing was created for the refused request');
  });
});

describe('configuration, import and not-found messages', { skip }, () => {
  const stack = useTesseraStack({ proxy: true });

  test('an api_url with a query string is refused at configure, before any request', async () => {
    const tf = await stack.workspace({ beta: true });
    tf.write(`provider "aiven" {
  api_url = "${stack.proxy.url}?limit=999"
}

data "aiven_organization" "o" {
  id = "org0000000000"
}
`);
    const before = stack.proxy.requests.length;
    const plan = await tf.run(['plan', '-no-color']);
    expectExit(plan, 1, 'plan with an api_url that has a query string');
    assert.match(flat(plan.stderr), /Invalid API URL .*api_url: "http:\/\/127\.0\.0\.1:\d+\?limit=999" has a query string; give the base URL only/);
    assert.doesNotMatch(plan.stderr, /no such endpoint/);
    assert.equal(stack.proxy.requests.length, before, 'no request was sent');
  });

  test('the full_token warning only when the import succeeded; not-found summaries name what is missing', async () => {
    const tf = await stack.workspace({ beta: true });
    const org = (await stack.client.createOrganization({ organization_name: 'messages' })).organization_id;
    const user = (await stack.client.createApplicationUser(org, { name: 'ci' })).user_id;
    const real = await stack.client.createApplicationUserToken(org, user, { description: 'to import' });
    tf.write(`resource "${TOKEN}" "t" {
  organization_id = "${org}"
  user_id         = "${user}"
}
`);
    const missing = await tf.run(['import', '-no-color', `${TOKEN}.t`, `${org}/${user}/tsr_0000000000`]);
    expectExit(missing, 1, 'import of a token that does not exist');
    assert.doesNotMatch(missing.stdout + missing.stderr, /full_token is not imported/);
    const found = await tf.run(['import', '-no-color', `${TOKEN}.t`, `${org}/${user}/${real.token_prefix}`]);
    expectExit(found, 0, 'import of a token that exists');
    assert.match(found.stdout + found.stderr, /full_token is not imported/);

    const gone = (await stack.client.createApplicationUser(org, { name: 'gone' })).user_id;
    await stack.client.deleteApplicationUser(org, gone);
    const other = await stack.workspace({ beta: true });
    other.write(`data "aiven_organization_application_user" "u" {
  organization_id = "${org}"
  user_id         = "${gone}"
}
`);
    const userPlan = await other.run(['plan', '-no-color']);
    expectExit(userPlan, 1, 'a data source for a user that does not exist');
    assert.match(userPlan.stderr, /Error: Application user not found/);
  });
});
