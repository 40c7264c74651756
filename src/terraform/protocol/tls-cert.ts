/**
 * The server certificate for go-plugin's AutoMTLS, generated at every start and never stored.
 *
 * terraform (go-plugin) pins exactly the certificate we print on the handshake line, so what matters
 * is that it is a well-formed self-signed X.509 v3 certificate that Go's TLS stack accepts for the
 * name `localhost`: DNS SAN `localhost`, CA:true with keyCertSign, extended key usage serverAuth and
 * clientAuth (go-plugin makes its own the same way). The key is ECDSA P-256 from node:crypto (about a
 * millisecond). The DER is written by the few DER encoders below: the certificate's shape is fixed
 * (only the serial, the dates, the key and the signature change), and an ASN.1 library (asn1js, which
 * this file used) cost ~7-11 ms of CPU to load and run on each of terraform's 3-5 launches per command,
 * before the handshake line; these take well under a millisecond. Tests parse the result with
 * node:crypto's X509Certificate and complete TLS handshakes with it (test/unit/protocol/tls-cert.test.ts,
 * test/e2e/plugin-handshake.test.ts), and terraform's Go client accepts it (every e2e apply).
 */
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  organization: '2.5.4.10',
  commonName: '2.5.4.3',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  basicConstraints: '2.5.29.19',
  subjectAltName: '2.5.29.17',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
};

export interface ServerCertificate {
  /** The certificate, DER. Its base64 (unpadded) goes on the handshake line. */
  der: Buffer;
  certPem: string;
  keyPem: string;
}

export async function generateServerCertificate(now = new Date()): Promise<ServerCertificate> {
  // Synchronous: a P-256 key takes well under a millisecond, while the asynchronous form would start
  // libuv's thread pool (four threads) in a process that otherwise never needs it.
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const serial = randomBytes(16);
  serial[0] &= 0x7f; // positive
  serial[0] |= 0x01; // and without a leading zero byte, as DER wants
  const der = buildSelfSignedCertificate({ spki, privateKey, serial, now });
  return {
    der,
    certPem: toPem('CERTIFICATE', der),
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** The DER certificate for `spki` (a SubjectPublicKeyInfo, DER), signed with `privateKey` (ECDSA P-256). */
export function buildSelfSignedCertificate({ spki, privateKey, serial, now }: { spki: Buffer; privateKey: KeyObject; serial: Buffer; now: Date }): Buffer {
  const name = sequence(rdn(OID.organization, 'Tessera'), rdn(OID.commonName, 'localhost'));
  const notBefore = new Date(now.getTime() - 30_000); // tolerate small clock differences
  // The certificate lives as long as this process; ten years keeps it in UTCTime (before 2050) and far
  // from any clock trouble.
  const notAfter = new Date(now.getTime() + 10 * 365 * 86_400_000);
  const tbs = sequence(
    tlv(0xa0, integer(Buffer.from([2]))), // [0] EXPLICIT version: v3
    integer(serial),
    signatureAlgorithm(),
    name,
    sequence(utcTime(notBefore), utcTime(notAfter)),
    name,
    spki,
    tlv(
      0xa3, // [3] EXPLICIT extensions
      sequence(
        // digitalSignature, keyEncipherment, keyAgreement, keyCertSign: bits 0, 2, 4, 5.
        extension(OID.keyUsage, true, tlv(0x03, Buffer.from([2, 0b1010_1100]))),
        extension(OID.extKeyUsage, false, sequence(oid(OID.serverAuth), oid(OID.clientAuth))),
        extension(OID.basicConstraints, true, sequence(BOOLEAN_TRUE)),
        // dNSName is [2] IMPLICIT IA5String
        extension(OID.subjectAltName, false, sequence(tlv(0x82, Buffer.from('localhost', 'ascii')))),
      ),
    ),
  );
  const signature = sign('sha256', tbs, privateKey); // DER ECDSA-Sig-Value
  return sequence(tbs, signatureAlgorithm(), bitString(signature));
}

// DER: tag, definite length, contents.

function tlv(tag: number, ...contents: Buffer[]): Buffer {
  const body = Buffer.concat(contents);
  const n = body.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff]; // certificates stay far below 64 KB
  return Buffer.concat([Buffer.from([tag, ...length]), body]);
}

const BOOLEAN_TRUE = Buffer.from([0x01, 0x01, 0xff]);

function sequence(...items: Buffer[]): Buffer {
  return tlv(0x30, ...items);
}

/** A non-negative INTEGER from its minimal big-endian bytes (first byte below 0x80, not a needless 0). */
function integer(bytes: Buffer): Buffer {
  return tlv(0x02, bytes);
}

function bitString(bytes: Buffer): Buffer {
  return tlv(0x03, Buffer.from([0]), bytes); // no unused bits
}

function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * first + second];
  for (const arc of rest) {
    const base128 = [arc & 0x7f];
    for (let v = arc >>> 7; v > 0; v >>>= 7) base128.unshift((v & 0x7f) | 0x80);
    bytes.push(...base128);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** UTCTime YYMMDDHHMMSSZ (dates from 1950 to 2049). */
function utcTime(date: Date): Buffer {
  const text = date.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
  return tlv(0x17, Buffer.from(text, 'ascii'));
}

function signatureAlgorithm(): Buffer {
  return sequence(oid(OID.ecdsaWithSha256));
}

function rdn(type: string, value: string): Buffer {
  return tlv(0x31, sequence(oid(type), tlv(0x0c, Buffer.from(value, 'utf8'))));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [BOOLEAN_TRUE] : []), tlv(0x04, value));
}

export function toPem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

