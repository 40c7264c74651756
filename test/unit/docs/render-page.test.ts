import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderPage } from '../../../src/docs/index.js';
import { markdownToPlainText } from '../../../src/docs/plain-text.js';
import { topLevelSchemaAttributes } from './schema-sections.js';
import { tokenSchema } from './token-schema-fixture.js';

// A copy of the project's reference page (shared/reference/…), kept beside the test so CI has it.
const referencePath = fileURLToPath(new URL('./reference/aiven_organization_application_user_token.md', import.meta.url));
const reference = readFileSync(referencePath, 'utf8');
const referenceExample = /## Example Usage\n\n```terraform\n([\s\S]*?)```/.exec(reference)![1];
const referenceImport = /```shell\n([\s\S]*?)```/.exec(reference)![1];

function renderTokenPage(): string {
  return renderPage({
    kind: 'resource',
    typeName: 'aiven_organization_application_user_token',
    schema: tokenSchema,
    metadata: { beta: true },
    example: referenceExample,
    importScript: referenceImport,
  });
}

test('every attribute of the reference page is listed under the same heading with the same type words', () => {
  const expected = topLevelSchemaAttributes(reference);
  const actual = topLevelSchemaAttributes(renderTokenPage());
  assert.ok(expected.size >= 18, `reference parse found only ${expected.size} attributes`);
  for (const [name, listed] of expected) {
    const generated = actual.get(name);
    assert.ok(generated, `generated page does not list ${name}`);
    assert.equal(generated.section, listed.section, `section of ${name}`);
    assert.equal(generated.typeWords, listed.typeWords, `type words of ${name}`);
  }
  assert.deepEqual(actual.get('ip_allowlist'), {
    section: 'Optional',
    typeWords: 'Set of String',
    description: 'IP addresses or CIDR ranges the token may be used from.',
  });
});

test('the page is the reference page, byte for byte, apart from the added ip_allowlist line', () => {
  const generated = renderTokenPage();
  const withoutAddition = generated
    .split('\n')
    .filter((line) => !line.startsWith('- `ip_allowlist`'))
    .join('\n');
  assert.equal(withoutAddition, reference);
});

test('nested blocks get an anchored section and a link from their parent line', () => {
  const generated = renderTokenPage();
  assert.match(generated, /- `timeouts` \(Block, Optional\) \(see \[below for nested schema\]\(#nestedblock--timeouts\)\)/);
  assert.match(generated, /<a id="nestedblock--timeouts"><\/a>\n### Nested Schema for `timeouts`\n\nOptional:\n\n- `create` \(String\)/);
});

test('groups are omitted when empty and names sort alphabetically', () => {
  const page = renderPage({
    kind: 'data-source',
    typeName: 'aiven_thing',
    schema: {
      version: 0,
      block: {
        description: 'Gets a thing.',
        attributes: [
          { name: 'zeta', type: ['list', 'number'], computed: true },
          { name: 'alpha', type: ['map', 'bool'], computed: true, description: 'First.' },
        ],
        blockTypes: [],
      },
    },
  });
  assert.match(page, /page_title: "aiven_thing Data Source - terraform-provider-aiven"/);
  assert.match(page, /# aiven_thing \(Data Source\)/);
  assert.doesNotMatch(page, /### Required|### Optional|## Example Usage|## Import/);
  assert.match(page, /### Read-Only\n\n- `alpha` \(Map of Boolean\) First\.\n- `zeta` \(List of Number\)\n$/);
});

test('front-matter description is plain text: links, emphasis and code marks removed', () => {
  assert.equal(
    markdownToPlainText('See the [docs](https://x.example/a) for **bold** and `code`. \n\nNext *line*.'),
    'See the docs https://x.example/a for bold and code.\nNext line.',
  );
});
