// docs/ must match what the generator makes from the provider's current schemas and examples/; the
// token page must list every attribute of the reference page under the same heading and type words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { staleDocs } from '../../src/docs/generate.js';
import { providerDocs, packageRoot } from '../../src/docs/provider-docs.js';
import { providerDocMetadata } from '../../src/provider/docs/metadata.js';
import { createProviderServer } from '../../src/provider/index.js';
import { topLevelSchemaAttributes } from '../unit/docs/schema-sections.js';

const root = packageRoot();

async function freshDocs() {
  return providerDocs(createProviderServer(), { examplesDir: join(root, 'examples'), metadata: providerDocMetadata });
}

test('docs/ is up to date with the provider schemas and examples (run `bin/tessera docs generate` if not)', async () => {
  const stale = staleDocs(join(root, 'docs'), await freshDocs());
  assert.deepEqual(stale, [], `out of date in docs/: ${stale.join(', ')} — run: bin/tessera docs generate`);
});

test('the token page lists every attribute of the reference page under the same heading with the same type words', async () => {
  const reference = readFileSync(join(root, 'test/unit/docs/reference/aiven_organization_application_user_token.md'), 'utf8');
  const page = (await freshDocs()).get('resources/organization_application_user_token.md');
  assert.ok(page, 'no page docs/resources/organization_application_user_token.md');
  const expected = topLevelSchemaAttributes(reference);
  const actual = topLevelSchemaAttributes(page);
  assert.ok(expected.size >= 18);
  for (const [name, listed] of expected) {
    assert.deepEqual(
      { section: actual.get(name)?.section, typeWords: actual.get(name)?.typeWords },
      { section: listed.section, typeWords: listed.typeWords },
      name,
    );
  }
  assert.match(page, /page_title: "aiven_organization_application_user_token Resource - terraform-provider-aiven"/);
  assert.match(page, /\*\*This resource is in the beta stage and may change without notice\.\*\* Set\nthe `PROVIDER_AIVEN_ENABLE_BETA` environment variable to use the resource\./);
  assert.match(page, /<a id="nestedblock--timeouts"><\/a>\n### Nested Schema for `timeouts`/);
  assert.match(page, /## Import\n\nImport is supported using the following syntax:\n\n```shell\nterraform import aiven_organization_application_user_token\.example ORGANIZATION_ID\/USER_ID\/TOKEN_PREFIX\n```\n$/);
  assert.match(page, /resource "aiven_organization" "main"/);
});

test('bin/tessera docs generate writes the same pages, and --check tells stale from fresh', { skip: !existsSync(join(root, 'dist/tessera.mjs')) && 'dist/tessera.mjs missing: run npm run build' }, () => {
  const out = mkdtempSync(join(tmpdir(), 'tessera-docs-'));
  try {
    const bin = join(root, 'bin/tessera');
    const stale = spawnSync(bin, ['docs', 'generate', '--check', '--out', out], { encoding: 'utf8' });
    assert.equal(stale.status, 1, stale.stderr);
    assert.match(stale.stderr, /out of date/);
    const generate = spawnSync(bin, ['docs', 'generate', '--out', out], { encoding: 'utf8' });
    assert.equal(generate.status, 0, generate.stderr);
    for (const page of ['index.md', 'resources/organization_application_user_token.md', 'data-sources/organization_application_user.md', 'ephemeral-resources/organization_application_user_token.md']) {
      assert.equal(readFileSync(join(out, page), 'utf8'), readFileSync(join(root, 'docs', page), 'utf8'), page);
    }
    const check = spawnSync(bin, ['docs', 'generate', '--check', '--out', out], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stderr);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
