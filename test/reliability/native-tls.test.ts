// Native TLS: `tessera serve --tls-cert --tls-key` serves HTTPS from PEM files, re-reads them on SIGHUP
// without dropping connections already open, keeps the old certificate when a reload fails, and warns
// about plain HTTP on a non-loopback address. Driven with curl (--cacert) and a keep-alive node client.
// Certificates come from openssl in temporary folders (test/support/test-ca.ts).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, Agent } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestCa, type TestCa } from '../support/test-ca.js';
import { startTessera, type RunningTessera } from '../support/tessera.js';
import { within } from '../multinode/nodes.js';

function curl(url: string, caFile?: string): { code: number; status: string; stderr: string } {
  const result = spawnSync('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '--max-time', '10', ...(caFile ? ['--cacert', caFile] : []), url], {
    encoding: 'utf8',
  });
  return { code: result.status ?? -1, status: result.stdout, stderr: result.stderr };
}

/** GET over `agent`; reports whether the connection was reused and which certificate the server showed on it. */
function get(agent: Agent, url: string, token: string): Promise<{ status: number; reused: boolean; fingerprint: string; socketId: number }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { authorization: `aivenv1 ${token}` } }, (res) => {
      res.resume();
      res.on('end', () => {
        const socket = req.socket as TLSSocket & { testId?: number };
        resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket, fingerprint: socket.getPeerCertificate().fingerprint256, socketId: socket.testId ?? -1 });
      });
    });
    req.on('socket', (socket: TLSSocket & { testId?: number }) => {
      socket.testId ??= ++socketCount;
    });
    req.on('error', reject);
    req.end();
  });
}
let socketCount = 0;

describe('native TLS', () => {
  let first: TestCa;
  let second: TestCa;
  let dir: string;
  let certFile: string;
  let keyFile: string;
  let tessera: RunningTessera;

  const install = (ca: TestCa) => {
    writeFileSync(certFile, ca.serverCert);
    writeFileSync(keyFile, ca.serverKey);
  };

  before(async () => {
    first = createTestCa();
    second = createTestCa();
    dir = mkdtempSync(join(tmpdir(), 'tessera-tls-'));
    certFile = join(dir, 'tls.pem');
    keyFile = join(dir, 'tls.key');
    install(first);
    tessera = await startTessera({ args: ['--tls-cert', certFile, '--tls-key', keyFile] });
  });
  after(async () => {
    await tessera?.stop();
    first?.cleanup();
    second?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('serves HTTPS: curl trusts it with the CA and refuses it without', () => {
    assert.match(tessera.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const trusted = curl(`${tessera.url}/healthz`, first.caFile);
    assert.equal(trusted.code, 0, trusted.stderr);
    assert.equal(trusted.status, '200');
    const untrusted = curl(`${tessera.url}/healthz`);
    assert.equal(untrusted.code, 60, `curl without the CA must fail certificate verification: ${untrusted.stderr}`);
    const plain = curl(tessera.url.replace('https:', 'http:') + '/healthz');
    assert.notEqual(plain.status, '200', 'plain HTTP is not served on the TLS port');
    assert.doesNotMatch(tessera.output(), /plain HTTP on a non-loopback/);
  });

  test('SIGHUP re-reads the files: new connections get the new certificate, a kept-alive one carries on', async () => {
    install(first);
    const agent = new Agent({ keepAlive: true, maxSockets: 1, ca: [first.caCert, second.caCert] });
    try {
      const before = await get(agent, `${tessera.url}/v1/me`, tessera.adminToken);
      assert.equal(before.status, 200);

      install(second);
      const reloads = tessera.output().split('tls certificate reloaded').length;
      tessera.kill('SIGHUP');
      await within(5000, 'the reload log line', async () => tessera.output().split('tls certificate reloaded').length > reloads);

      const during = await get(agent, `${tessera.url}/v1/me`, tessera.adminToken);
      assert.equal(during.status, 200, 'the kept-alive connection still answers after the reload');
      assert.equal(during.reused, true, 'the same connection was reused (not dropped and reopened)');
      assert.equal(during.socketId, before.socketId);
      assert.equal(during.fingerprint, before.fingerprint, 'an open connection keeps the certificate it started with');

      const fresh = curl(`${tessera.url}/healthz`, second.caFile);
      assert.equal(fresh.code, 0, `a new connection gets the new certificate: ${fresh.stderr}`);
      assert.equal(curl(`${tessera.url}/healthz`, first.caFile).code, 60, 'and no longer the old one');
    } finally {
      agent.destroy();
    }
  });

  test('a reload that fails keeps serving the previous certificate and says why', async () => {
    install(second);
    tessera.kill('SIGHUP');
    await within(5000, 'reload', async () => curl(`${tessera.url}/healthz`, second.caFile).code === 0);
    writeFileSync(keyFile, first.serverKey); // a key that does not belong to the certificate
    tessera.kill('SIGHUP');
    await within(5000, 'the failure log line', async () => /tls certificate reload failed/.test(tessera.output()));
    assert.match(tessera.output(), /not a usable PEM pair/);
    const still = curl(`${tessera.url}/healthz`, second.caFile);
    assert.equal(still.code, 0, still.stderr);
    assert.equal(still.status, '200');
    assert.equal(tessera.process.exitCode, null, 'the server is still running');
  });
});

describe('TLS configuration errors and plain HTTP', () => {
  test('only one of --tls-cert/--tls-key, or an unreadable file, refuses to start with a clear message', async () => {
    const ca = createTestCa();
    try {
      await assert.rejects(startTessera({ args: ['--tls-cert', join(ca.dir, 'server.pem')], timeoutMs: 10_000 }), /--tls-cert \(TESSERA_TLS_CERT\) and --tls-key \(TESSERA_TLS_KEY\) go together/);
      await assert.rejects(
        startTessera({ env: { TESSERA_TLS_CERT: join(ca.dir, 'missing.pem'), TESSERA_TLS_KEY: join(ca.dir, 'server.key') }, timeoutMs: 10_000 }),
        /cannot read the TLS certificate .*missing\.pem: ENOENT/,
      );
    } finally {
      ca.cleanup();
    }
  });

  test('TESSERA_TLS_CERT/TESSERA_TLS_KEY work like the flags', async () => {
    const ca = createTestCa();
    const copy = mkdtempSync(join(tmpdir(), 'tessera-tls-env-'));
    copyFileSync(join(ca.dir, 'server.pem'), join(copy, 'c.pem'));
    copyFileSync(join(ca.dir, 'server.key'), join(copy, 'k.pem'));
    const tessera = await startTessera({ env: { TESSERA_TLS_CERT: join(copy, 'c.pem'), TESSERA_TLS_KEY: join(copy, 'k.pem') } });
    try {
      assert.match(tessera.url, /^https:/);
      assert.equal(curl(`${tessera.url}/healthz`, ca.caFile).status, '200');
    } finally {
      await tessera.stop();
      ca.cleanup();
      rmSync(copy, { recursive: true, force: true });
    }
  });

  test('plain HTTP on a non-loopback address logs a warning at start; on loopback it does not', async () => {
    const wide = await startTessera({ args: ['--host', '0.0.0.0'] });
    try {
      assert.match(wide.output(), /"level":40.*serving plain HTTP on a non-loopback address/);
    } finally {
      await wide.stop();
    }
    const local = await startTessera();
    try {
      assert.doesNotMatch(local.output(), /plain HTTP on a non-loopback/);
    } finally {
      await local.stop();
    }
  });
});
