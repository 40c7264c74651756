// What terraform shows of the provider's schema text (issue 16, point 8), read through the real
// `terraform providers schema -json`: max_age_seconds is in seconds with its range and what 0 and unset
// mean (resource and ephemeral), the timeouts block has a description, the organization's create_time
// and update_time say different things; and the README explains terraform < 1.15's refresh-only exit code.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTesseraStack } from '../support/tessera-stack.js';
import { REPO_ROOT, TERRAFORM_MISSING, expectExit, terraformAvailable } from '../support/terraform.js';

const skip = terraformAvailable() ? false : TERRAFORM_MISSING;
const TOKEN = 'aiven_organization_application_user_token';

describe('schema text as terraform sees it', { skip }, () => {
  const stack = useTesseraStack();

  test('max_age_seconds, timeouts, create_time and update_time are described', async () => {
    const tf = await stack.workspace({ beta: true });
    tf.write('');
    const r = await tf.run(['providers', 'schema', '-json']);
    expectExit(r, 0, 'providers schema -json');
    const schema = Object.values(JSON.parse(r.stdout).provider_schemas)[0] as any;

    const maxAges = [
      schema.resource_schemas[TOKEN].block.attributes.max_age_seconds.description,
      schema.ephemeral_resource_schemas[TOKEN].block.attributes.max_age_seconds.description,
    ];
    for (const text of maxAges) {
      assert.match(text, /number of seconds/);
      assert.doesNotMatch(text, /hours after which/);
      assert.match(text, /0 \(never expires\) or 600 to 315360000/);
      assert.match(text, /Not set: /);
    }
    assert.match(maxAges[0], /Not set: the server's default session duration/);
    assert.match(maxAges[1], /Not set: 600 seconds/);

    for (const type of ['aiven_organization', 'aiven_organization_application_user', TOKEN]) {
      const timeouts = schema.resource_schemas[type].block.block_types.timeouts.block;
      assert.match(timeouts.description ?? '', /How long each operation .* may take before Terraform reports a timeout; 20 minutes each unless set/, type);
    }
    for (const where of [schema.resource_schemas.aiven_organization, schema.data_source_schemas.aiven_organization]) {
      const { create_time, update_time } = where.block.attributes;
      assert.notEqual(create_time.description, update_time.description);
      assert.match(create_time.description, /created/);
      assert.match(update_time.description, /last changed/);
    }
  });

  test('the README explains the refresh-only exit code of terraform before 1.15', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8').replace(/\s+/g, ' ');
    assert.match(readme, /plan -refresh-only -detailed-exitcode`: terraform before 1\.15 exits 2/);
  });
});
