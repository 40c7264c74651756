// The real plugin executable (bin/terraform-provider-aiven → dist bundle; run `npm run build` first),
// started the way terraform starts it, and spoken to over gRPC: the handshake line, AutoMTLS and
// plaintext, the go-plugin services, signals, exit and clean-up, and refusing to run by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generateServerCertificate } from '../../src/terraform/protocol/tls-cert.js';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../../src/terraform/protocol/handshake.js';
import { connectPlugin, PLUGIN_BIN, REPO_ROOT, runPluginToExit, startPlugin } from '../support/plugin-fixture-process.js';

assert.ok(existsSync(join(REPO_ROOT, 'dist/terraform-provider-aiven.mjs')), 'dist/terraform-provider-aiven.mjs is missing: run `npm run build` first');

const HANDSHAKE_PLAIN = /^1\|6\|unix\|(\/[^|]+\/plugin\.sock)\|grpc$/;
const HANDSHAKE_TLS = /^1\|6\|unix\|(\/[^|]+\/plugin\.sock)\|grpc\|([A-Za-z0-9+/]+)$/;

test('run by hand (no magic cookie, or a wrong one): exit 1 with a plain message, nothing on stdout', async () => {
  for (const cookie of [null, 'not-the-cookie']) {
    const r = await runPluginToExit({ cookie });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /This binary is a plugin\. These are not meant to be executed directly\./);
    assert.doesNotMatch(r.stderr, /at .*\.cjs:\d+|Error:/, 'a message, not a stack trace');
  }
});

test('a host offering only protocol versions we do not speak gets a clear refusal', async () => {
  const r = await runPluginToExit({ env: { PLUGIN_PROTOCOL_VERSIONS: '4,5' } });
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /plugin protocol version 6.*PLUGIN_PROTOCOL_VERSIONS=4,5/);
});

test('a PLUGIN_CLIENT_CERT that is not a certificate is refused before the handshake', async () => {
  const r = await runPluginToExit({ env: { PLUGIN_CLIENT_CERT: '-----BEGIN CERTIFICATE-----\nbm9wZQ==\n-----END CERTIFICATE-----\n' } });
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /PLUGIN_CLIENT_CERT is not a PEM certificate/);
});

test('plaintext when terraform sends no client certificate: one line, gRPC answers, Shutdown exits at once and removes the socket folder', async () => {
  const plugin = await startPlugin();
  const [, socketPath] = HANDSHAKE_PLAIN.exec(plugin.line) ?? assert.fail(`unexpected handshake line ${plugin.line}`);
  const client = connectPlugin(socketPath);
  try {
    assert.deepEqual({ ...(await client.health.Check({ service: 'plugin' })) }, { status: 1 });
    const schema = await client.provider.GetProviderSchema({});
    assert.ok(schema.provider?.block, 'a provider schema');
    assert.ok(Object.keys(schema.resourceSchemas ?? {}).length > 0, 'resource schemas');
    const metadata = await client.provider.GetMetadata({});
    assert.ok((metadata.resources ?? []).some((r: { typeName: string }) => r.typeName === 'aiven_organization'));
    assert.equal((await client.provider.StopProvider({})).Error, '');

    const asked = Date.now();
    await client.controller.Shutdown({});
    const { code, at } = await plugin.exited;
    assert.equal(code, 0);
    assert.ok(at - asked < 1500, `exited ${at - asked} ms after Shutdown (terraform kills after 2 s)`);
    assert.equal(existsSync(dirname(socketPath)), false, 'the socket folder is removed');
    assert.equal(plugin.stdout(), plugin.line + '\n', 'stdout holds the handshake line and nothing else');
  } finally {
    client.close();
    plugin.child.kill('SIGKILL');
  }
});

test('AutoMTLS: unpadded DER certificate on the line, TLS requiring the client certificate terraform sent', async () => {
  const clientCert = await generateServerCertificate();
  const plugin = await startPlugin({ clientCert });
  const [, socketPath, certField] = HANDSHAKE_TLS.exec(plugin.line) ?? assert.fail(`unexpected handshake line ${plugin.line}`);
  try {
    assert.ok(!certField.endsWith('='), 'no base64 padding');
    const cert = new X509Certificate(Buffer.from(certField, 'base64'));
    assert.equal(cert.subjectAltName, 'DNS:localhost');
    assert.equal(cert.ca, true);
    assert.deepEqual(cert.keyUsage?.sort(), ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    assert.ok(cert.verify(cert.publicKey), 'self-signed');

    const good = connectPlugin(socketPath, { serverCertDer: plugin.serverCertDer!, clientCert });
    assert.equal((await good.health.Check({ service: 'plugin' })).status, 1);
    assert.ok((await good.provider.GetProviderSchema({})).provider?.block);

    const stranger = connectPlugin(socketPath, { serverCertDer: plugin.serverCertDer!, clientCert: await generateServerCertificate() });
    await assert.rejects(stranger.health.Check({ service: 'plugin' }), 'a client certificate other than terraform\'s is refused');
    stranger.close();
    const anonymous = connectPlugin(socketPath, { serverCertDer: plugin.serverCertDer! });
    await assert.rejects(anonymous.health.Check({ service: 'plugin' }), 'a TLS client without a certificate is refused');
    anonymous.close();
    const plaintext = connectPlugin(socketPath);
    await assert.rejects(plaintext.health.Check({ service: 'plugin' }), 'plaintext is refused when TLS is on');
    plaintext.close();

    await good.controller.Shutdown({});
    assert.equal((await plugin.exited).code, 0);
    good.close();
    assert.equal(existsSync(dirname(socketPath)), false);
  } finally {
    plugin.child.kill('SIGKILL');
  }
});

test('SIGINT is ignored (terraform cancels through StopProvider); SIGTERM exits and cleans up', async () => {
  const plugin = await startPlugin();
  const [, socketPath] = HANDSHAKE_PLAIN.exec(plugin.line)!;
  const client = connectPlugin(socketPath);
  try {
    plugin.child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(plugin.child.exitCode, null, 'still running after SIGINT');
    assert.equal((await client.health.Check({ service: 'plugin' })).status, 1);
    plugin.child.kill('SIGTERM');
    await plugin.exited;
    assert.equal(existsSync(dirname(socketPath)), false, 'the socket folder is removed');
  } finally {
    client.close();
    plugin.child.kill('SIGKILL');
  }
});

test('works through a symlink and from another working directory; logs are JSON lines on stderr', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-plugin-link-'));
  const link = join(dir, 'terraform-provider-aiven');
  symlinkSync(PLUGIN_BIN, link);
  const plugin = await startPlugin({ executable: link, cwd: '/', env: { TF_LOG_PROVIDER: 'trace' } });
  const [, socketPath] = HANDSHAKE_PLAIN.exec(plugin.line) ?? assert.fail(`unexpected handshake line ${plugin.line}`);
  const client = connectPlugin(socketPath);
  try {
    await client.provider.GetProviderSchema({});
    await client.controller.Shutdown({});
    await plugin.exited;
    const lines = plugin.stderr().split('\n').filter(Boolean);
    assert.ok(lines.length > 0, 'trace logs were written');
    for (const line of lines) {
      const entry = JSON.parse(line);
      assert.equal(typeof entry['@level'], 'string', line);
      assert.equal(typeof entry['@message'], 'string', line);
      assert.match(entry['@timestamp'], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/, line);
    }
    assert.ok(lines.some((l) => /"rpc":"GetProviderSchema"/.test(l)), 'RPCs are traced');
  } finally {
    client.close();
    plugin.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('works from a symlinked folder and through a relative symlink chain', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-plugin-link-'));
  try {
    // A folder linking to bin/: the launcher finds dist/ through the link without resolving it.
    symlinkSync(dirname(PLUGIN_BIN), join(dir, 'linked-bin'));
    // A relative link to a link: readlink -f follows the whole chain.
    symlinkSync(PLUGIN_BIN, join(dir, 'first'));
    symlinkSync('first', join(dir, 'second'));
    for (const executable of [join(dir, 'linked-bin', 'terraform-provider-aiven'), join(dir, 'second')]) {
      const plugin = await startPlugin({ executable, cwd: '/' });
      const [, socketPath] = HANDSHAKE_PLAIN.exec(plugin.line) ?? assert.fail(`unexpected handshake line ${plugin.line} from ${executable}`);
      const client = connectPlugin(socketPath);
      try {
        assert.ok((await client.provider.GetProviderSchema({})).provider?.block, executable);
        await client.controller.Shutdown({});
        assert.equal((await plugin.exited).code, 0);
      } finally {
        client.close();
        plugin.child.kill('SIGKILL');
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a plugin whose host was killed (no Shutdown ever comes) exits by itself and cleans up', async () => {
  // A shell stands in for terraform: it starts the plugin, then dies by SIGKILL.
  const host = spawn('/bin/sh', ['-c', `"${PLUGIN_BIN}" & wait`], {
    env: { ...process.env, [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '6' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const line: string = await new Promise((resolve) => host.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim())));
  const [, socketPath] = HANDSHAKE_PLAIN.exec(line) ?? assert.fail(`unexpected handshake line ${line}`);
  host.kill('SIGKILL');
  const deadline = Date.now() + 5000;
  while (existsSync(dirname(socketPath))) {
    assert.ok(Date.now() < deadline, 'the orphaned plugin is still running 5 s after its host died');
    await new Promise((r) => setTimeout(r, 100));
  }
});
