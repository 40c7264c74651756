import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDocs, staleDocs, writeDocs } from '../../../src/docs/index.js';
import type { GetProviderSchemaResponse } from '../../../src/terraform/protocol/types.js';
import { tokenSchema } from './token-schema-fixture.js';

const schemas: GetProviderSchemaResponse = {
  provider: { version: 0, block: { attributes: [{ name: 'api_token', type: 'string', optional: true, sensitive: true }], blockTypes: [] } },
  resourceSchemas: { aiven_organization_application_user_token: tokenSchema },
  dataSourceSchemas: {},
  ephemeralResourceSchemas: { aiven_organization_application_user_token: tokenSchema },
  diagnostics: [],
};

function withDirs(fn: (examples: string, out: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'docs-gen-'));
  try {
    const examples = join(dir, 'examples');
    const out = join(dir, 'docs');
    mkdirSync(join(examples, 'resources/aiven_organization_application_user_token'), { recursive: true });
    writeFileSync(join(examples, 'resources/aiven_organization_application_user_token/resource.tf'), 'resource "x" "y" {}\n');
    writeFileSync(join(examples, 'resources/aiven_organization_application_user_token/import.sh'), 'terraform import x.y ID\n');
    fn(examples, out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('pages are named as tfplugindocs names them and read their examples', () => {
  withDirs((examples) => {
    const files = generateDocs({ providerName: 'aiven', schemas, examplesDir: examples });
    assert.deepEqual([...files.keys()].sort(), [
      'ephemeral-resources/organization_application_user_token.md',
      'index.md',
      'resources/organization_application_user_token.md',
    ]);
    const page = files.get('resources/organization_application_user_token.md')!;
    assert.match(page, /## Example Usage\n\n```terraform\nresource "x" "y" \{\}\n```/);
    assert.match(page, /## Import\n\nImport is supported using the following syntax:\n\n```shell\nterraform import x\.y ID\n```\n$/);
    const ephemeral = files.get('ephemeral-resources/organization_application_user_token.md')!;
    assert.match(ephemeral, /\(Ephemeral Resource\)/);
    assert.doesNotMatch(ephemeral, /## Example Usage|## Import/);
    assert.match(files.get('index.md')!, /# aiven Provider[\s\S]*- `api_token` \(String, Sensitive\)/);
  });
});

test('writeDocs removes pages of types that no longer exist; staleDocs lists changed, missing and extra pages', () => {
  withDirs((examples, out) => {
    const files = generateDocs({ providerName: 'aiven', schemas, examplesDir: examples });
    mkdirSync(join(out, 'resources'), { recursive: true });
    writeFileSync(join(out, 'resources/gone.md'), 'old');
    writeFileSync(join(out, 'resources/organization_application_user_token.md'), 'old');
    assert.deepEqual(staleDocs(out, files), [
      'ephemeral-resources/organization_application_user_token.md',
      'index.md',
      'resources/gone.md',
      'resources/organization_application_user_token.md',
    ]);
    writeDocs(out, files);
    assert.ok(!existsSync(join(out, 'resources/gone.md')));
    assert.equal(readFileSync(join(out, 'index.md'), 'utf8'), files.get('index.md'));
    assert.deepEqual(staleDocs(out, files), []);
  });
});
