// The handshake line and version negotiation, as go-plugin parses them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  encodeCertificateField,
  handshakeLine,
  hasMagicCookie,
  MAGIC_COOKIE_VALUE,
  negotiateProtocolVersion,
} from '../../../src/terraform/protocol/handshake.js';

test('the line: core 1, app 6, unix socket, grpc, and the certificate only with AutoMTLS', () => {
  assert.equal(handshakeLine({ socketPath: '/tmp/p/plugin.sock' }), '1|6|unix|/tmp/p/plugin.sock|grpc\n');
  assert.equal(handshakeLine({ socketPath: '/s', certificateDer: Uint8Array.from([1, 2, 3, 4]) }), '1|6|unix|/s|grpc|AQIDBA\n');
});

test('certificate field: standard base64 with the padding removed (go-plugin uses RawStdEncoding)', () => {
  assert.equal(encodeCertificateField(Uint8Array.from([0xff, 0xfe])), '//4');
  assert.equal(encodeCertificateField(Uint8Array.from([0xfb, 0xff, 0xbf])), '+/+/');
});

test('the magic cookie must match exactly', () => {
  assert.equal(hasMagicCookie({ TF_PLUGIN_MAGIC_COOKIE: MAGIC_COOKIE_VALUE }), true);
  assert.equal(hasMagicCookie({ TF_PLUGIN_MAGIC_COOKIE: MAGIC_COOKIE_VALUE + ' ' }), false);
  assert.equal(hasMagicCookie({}), false);
});

test('protocol 6 is chosen when offered, assumed when nothing is offered, refused otherwise', () => {
  assert.deepEqual(negotiateProtocolVersion({ PLUGIN_PROTOCOL_VERSIONS: '5,6' }), { version: 6 });
  assert.deepEqual(negotiateProtocolVersion({}), { version: 6 });
  const refused = negotiateProtocolVersion({ PLUGIN_PROTOCOL_VERSIONS: '5' });
  assert.ok('error' in refused && /PLUGIN_PROTOCOL_VERSIONS=5/.test(refused.error));
});
