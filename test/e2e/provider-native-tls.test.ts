// The provider against Tessera's own HTTPS (`tessera serve --tls-cert --tls-key`, no proxy in between),
// as the README shows it: api_url https://…, and NODE_EXTRA_CA_CERTS naming the CA of a certificate made
// with openssl. The real terraform applies an organization, an application user and a token, the token
// works over HTTPS (curl --cacert), and destroy revokes it.
// Needs `npm run build` (bin/ runs dist/) and openssl. Skips loudly where terraform is absent.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createTestCa } from '../support/test-ca.js';
import { useTesseraStack } from '../support/tessera-stack.js';
import { TERRAFORM_MISSING, expectExit, terraformAvailable } from '../support/terraform.js';

const skip = terraformAvailable() ? false : TERRAFORM_MISSING;

function curlStatus(url: string, caFile: string, token: string): string {
  const result = spawnSync(
    'curl',
    ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '--max-time', '10', '--cacert', caFile, '-H', `Authorization: aivenv1 ${token}`, url],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`curl failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

describe('the provider against native TLS', { skip }, () => {
  // made now: the stack starts Tessera with these files in its before hook
  const ca = createTestCa();
  after(() => ca.cleanup());
  const stack = useTesseraStack({
    tessera: { args: ['--tls-cert', join(ca.dir, 'server.pem'), '--tls-key', join(ca.dir, 'server.key')] },
  });

  test('apply an organization, a user and a token over https://, use the token, destroy', async () => {
    assert.match(stack.tessera.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const tf = await stack.workspace({ beta: true, env: { NODE_EXTRA_CA_CERTS: ca.caFile } });
    tf.write(`
resource "aiven_organization" "main" {
  name = "native-tls"
}
resource "aiven_organization_application_user" "bot" {
  organization_id = aiven_organization.main.id
  name            = "tls-bot"
}
resource "aiven_organization_application_user_token" "deploy" {
  organization_id = aiven_organization.main.id
  user_id         = aiven_organization_application_user.bot.user_id
  description     = "over native TLS"
}
`);
    expectExit(await tf.run(['apply', '-auto-approve', '-no-color']), 0, 'apply over native TLS');
    const resources = await tf.resources();
    const token = resources.find((r) => r.type === 'aiven_organization_application_user_token');
    const fullToken = token?.values.full_token as string;
    assert.match(fullToken, /^tsr_/);
    assert.equal(curlStatus(`${stack.tessera.url}/v1/me`, ca.caFile, fullToken), '200', 'the new token authenticates over HTTPS');

    expectExit(await tf.run(['plan', '-detailed-exitcode', '-no-color']), 0, 'refresh over HTTPS finds no changes');
    expectExit(await tf.run(['destroy', '-auto-approve', '-no-color']), 0, 'destroy over native TLS');
    assert.equal(curlStatus(`${stack.tessera.url}/v1/me`, ca.caFile, fullToken), '401', 'destroy revoked the token');
  });
});
