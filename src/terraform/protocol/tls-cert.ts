/**
 * The server certificate for go-plugin's AutoMTLS, generated at every start and never stored.
 *
 * terraform (go-plugin) pins exactly the certificate we print on the handshake line, so what matters
 * is that it is a well-formed self-signed X.509 v3 certificate that Go's TLS stack accepts for the
 * name `localhost`: DNS SAN `localhost`, CA:true with keyCertSign, extended key usage serverAuth and
 * clientAuth (go-plugin makes its own the same way). The key is ECDSA P-256 from node:crypto (about a
 * millisecond); the DER is assembled with asn1js, a few milliseconds to load where a full X.509
 * library costs tens of milliseconds on every one of terraform's 3–5 launches per command.
 */
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';

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
  const der = buildSelfSignedCertificate(spki, privateKey, now);
  return {
    der,
    certPem: toPem('CERTIFICATE', der),
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

function buildSelfSignedCertificate(spki: Buffer, privateKey: KeyObject, now: Date): Buffer {
  const name = () =>
    new asn1js.Sequence({
      value: [
        rdn(OID.organization, 'Tessera'),
        rdn(OID.commonName, 'localhost'),
      ],
    });
  const serial = randomBytes(16);
  serial[0] &= 0x7f; // positive
  serial[0] |= 0x01; // and without a leading zero byte, as DER wants
  const notBefore = new Date(now.getTime() - 30_000); // tolerate small clock differences
  // The certificate lives as long as this process; ten years keeps it in UTCTime (before 2050) and far
  // from any clock trouble.
  const notAfter = new Date(now.getTime() + 10 * 365 * 86_400_000);

  const tbs = new asn1js.Sequence({
    value: [
      new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.Integer({ value: 2 })] }),
      new asn1js.Integer({ valueHex: toArrayBuffer(serial) }),
      signatureAlgorithm(),
      name(),
      new asn1js.Sequence({ value: [new asn1js.UTCTime({ valueDate: notBefore }), new asn1js.UTCTime({ valueDate: notAfter })] }),
      name(),
      asn1js.fromBER(toArrayBuffer(spki)).result,
      new asn1js.Constructed({
        idBlock: { tagClass: 3, tagNumber: 3 },
        value: [
          new asn1js.Sequence({
            value: [
              // digitalSignature, keyEncipherment, keyAgreement, keyCertSign: bits 0, 2, 4, 5.
              extension(OID.keyUsage, true, new asn1js.BitString({ valueHex: new Uint8Array([0b1010_1100]).buffer, unusedBits: 2 })),
              extension(OID.extKeyUsage, false, new asn1js.Sequence({ value: [oid(OID.serverAuth), oid(OID.clientAuth)] })),
              extension(OID.basicConstraints, true, new asn1js.Sequence({ value: [new asn1js.Boolean({ value: true })] })),
              extension(
                OID.subjectAltName,
                false,
                new asn1js.Sequence({
                  // dNSName is [2] IMPLICIT IA5String
                  value: [new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 2 }, valueHex: toArrayBuffer(Buffer.from('localhost', 'ascii')) })],
                }),
              ),
            ],
          }),
        ],
      }),
    ],
  });
  const signature = sign('sha256', Buffer.from(tbs.toBER(false)), privateKey); // DER ECDSA-Sig-Value
  const cert = new asn1js.Sequence({
    value: [tbs, signatureAlgorithm(), new asn1js.BitString({ valueHex: toArrayBuffer(signature) })],
  });
  return Buffer.from(cert.toBER(false));
}

function oid(value: string) {
  return new asn1js.ObjectIdentifier({ value });
}

function signatureAlgorithm() {
  return new asn1js.Sequence({ value: [oid(OID.ecdsaWithSha256)] });
}

function rdn(type: string, value: string) {
  return new asn1js.Set({ value: [new asn1js.Sequence({ value: [oid(type), new asn1js.Utf8String({ value })] })] });
}

function extension(id: string, critical: boolean, value: asn1js.AsnType) {
  return new asn1js.Sequence({
    value: [
      oid(id),
      ...(critical ? [new asn1js.Boolean({ value: true })] : []),
      new asn1js.OctetString({ valueHex: value.toBER(false) }),
    ],
  });
}

function toArrayBuffer(b: Buffer): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

export function toPem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

