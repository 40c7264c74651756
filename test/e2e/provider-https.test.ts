// The provider over HTTPS, as against the real API: terraform runs the plugin with NODE_EXTRA_CA_CERTS
// naming a private CA; the launcher defers it and the provider trusts it on its first HTTPS request
// (src/provider/deferred-extra-ca-certs.ts), through the bundle's lazily loaded https module. An HTTPS
// proxy with a certificate from that CA fronts a started Tessera.
// Needs `npm run build` (bin/ runs dist/) and openssl (test/support/test-ca.ts). Skips loudly where terraform is absent.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestCa, type TestCa } from '../support/test-ca.js';
import { useTesseraStack } from '../support/tessera-stack.js';
import { TERRAFORM_MISSING, expectExit, terraformAvailable } from '../support/terraform.js';

const skip = terraformAvailable() ? false : TERRAFORM_MISSING;

describe('the provider against an HTTPS API', { skip }, () => {
  let ca: TestCa;
  before(() => {
    ca = createTestCa();
  });
  after(() => ca?.cleanup());
  const stack = useTesseraStack({ proxy: () => ({ tls: { key: ca.serverKey, cert: ca.serverCert } }) });
  const workspace = (extraCaCerts: string) => stack.workspace({ env: { NODE_EXTRA_CA_CERTS: extraCaCerts } });

  test('apply and destroy through HTTPS, trusting the CA that NODE_EXTRA_CA_CERTS names', async () => {
    assert.match(stack.proxy.url, /^https:/);
    const tf = await workspace(ca.caFile);
    tf.write(`resource "aiven_organization" "main" {\n  name = "e2e-over-https"\n}\n`);
    expectExit(await tf.run(['apply', '-auto-approve', '-no-color']), 0, 'apply over HTTPS');
    const [org] = await tf.resources();
    assert.match(org.values.id as string, /^org/);
    assert.ok(stack.proxy.requests.some((r) => r.method === 'POST' && r.path === '/v1/account'), 'the create went through the HTTPS proxy');
    expectExit(await tf.run(['destroy', '-auto-approve', '-no-color']), 0, 'destroy over HTTPS');
  });

  test('without the CA the provider refuses the certificate, with a clear error', async () => {
    const before = stack.proxy.requests.length;
    const tf = await workspace('');
    tf.write(`resource "aiven_organization" "main" {\n  name = "e2e-untrusted"\n}\n`);
    const apply = await tf.run(['apply', '-auto-approve', '-no-color']);
    assert.notEqual(apply.code, 0, 'apply must fail');
    const message = apply.stderr.replace(/\s+/g, ' ');
    assert.match(message, /could not reach https:\/\/127\.0\.0\.1:\d+ \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/);
    assert.match(message, /the server's TLS certificate is not trusted\. If it comes from a private CA, set NODE_EXTRA_CA_CERTS/);
    assert.equal(stack.proxy.requests.length, before, 'no request got through an untrusted connection');
    assert.deepEqual(await tf.resources(), [], 'nothing was created');
  });
});
