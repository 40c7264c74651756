// The plugin's AutoMTLS server certificate (src/terraform/protocol/tls-cert.ts, DER written by hand):
// what Go's TLS stack checks, read back through node:crypto's X.509 parser, and a real TLS handshake
// that trusts only it. terraform's own acceptance is in every e2e apply.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { connect, createServer } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { generateServerCertificate } from '../../../src/terraform/protocol/tls-cert.js';

test('a self-signed ECDSA P-256 CA certificate for localhost, valid from just before now for ten years', async () => {
  const now = new Date('2031-05-06T07:08:09.000Z');
  const { der, certPem, keyPem } = await generateServerCertificate(now);
  const cert = new X509Certificate(der);
  assert.equal(cert.toString(), new X509Certificate(certPem).toString(), 'the PEM holds the same certificate');
  assert.equal(cert.subject, 'O=Tessera\nCN=localhost');
  assert.equal(cert.issuer, cert.subject);
  assert.equal(cert.subjectAltName, 'DNS:localhost');
  assert.equal(cert.ca, true);
  assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2'], 'extended key usage: serverAuth, clientAuth');
  assert.equal(cert.checkHost('localhost'), 'localhost');
  assert.equal(Date.parse(cert.validFrom), now.getTime() - 30_000, 'not before: 30 s before now');
  assert.equal(Date.parse(cert.validTo), now.getTime() + 10 * 365 * 86_400_000);
  assert.equal(cert.publicKey.asymmetricKeyType, 'ec');
  assert.equal(cert.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
  assert.ok(cert.verify(cert.publicKey), 'signed by its own key');
  assert.ok(cert.checkPrivateKey(createPrivateKey(keyPem)), 'the key PEM is the certificate key');
  assert.match(cert.serialNumber, /^[0-7][0-9A-F]{31}$/, '16 bytes, positive, no leading zero byte');
});

test('every start makes a new key and serial', async () => {
  const [a, b] = [await generateServerCertificate(), await generateServerCertificate()];
  assert.notEqual(new X509Certificate(a.der).serialNumber, new X509Certificate(b.der).serialNumber);
  assert.notEqual(a.keyPem, b.keyPem);
});

test('a TLS client that trusts only this certificate completes a handshake for localhost', async () => {
  const { certPem, keyPem } = await generateServerCertificate();
  const server = createServer({ cert: certPem, key: keyPem }, (socket) => socket.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, servername: 'localhost', ca: [certPem] }, () => {
        let text = '';
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => (text += chunk));
        socket.on('end', () => resolve(text));
      });
      socket.on('error', reject);
    });
    assert.equal(answer, 'ok');
  } finally {
    server.close();
  }
});
