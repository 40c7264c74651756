// gRPC's message framing and status text as the plugin's server reads and writes them: messages cut
// anywhere by HTTP/2 are put back together, compressed or oversized ones are refused with the status a
// gRPC server answers, and grpc-message is percent-encoded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { encodeGrpcMessage, frameMessage, GrpcError, GrpcStatus, MessageReader } from '../../../src/terraform/protocol/grpc-wire.js';

test('a frame is the flag byte, the big-endian length, then the message', () => {
  assert.deepEqual([...frameMessage(Uint8Array.from([7, 8, 9]))], [0, 0, 0, 0, 3, 7, 8, 9]);
  assert.deepEqual([...frameMessage(new Uint8Array(0))], [0, 0, 0, 0, 0]);
});

test('messages come back whole however the bytes are cut into chunks', () => {
  fc.assert(
    fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 6 }), fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1 }), (messages, cuts) => {
      const bytes = Buffer.concat(messages.map((m) => frameMessage(m)));
      const reader = new MessageReader(1024);
      const read: Buffer[] = [];
      for (let at = 0, i = 0; at < bytes.length; i++) {
        const size = cuts[i % cuts.length];
        read.push(...reader.push(bytes.subarray(at, at + size)));
        at += size;
      }
      assert.deepEqual(read.map((m) => [...m]), messages.map((m) => [...m]));
      assert.equal(reader.partial, false);
    }),
  );
});

test('an unfinished message is reported as partial', () => {
  const reader = new MessageReader(1024);
  assert.deepEqual(reader.push(frameMessage(Uint8Array.from([1, 2, 3])).subarray(0, 6)), []);
  assert.equal(reader.partial, true);
});

test('a compressed message is UNIMPLEMENTED, one over the limit RESOURCE_EXHAUSTED (before its bytes arrive)', () => {
  const compressed = frameMessage(Uint8Array.from([1]));
  compressed[0] = 1;
  assert.throws(() => new MessageReader(1024).push(compressed), (err: unknown) => err instanceof GrpcError && err.code === GrpcStatus.UNIMPLEMENTED);
  const header = Buffer.from([0, 0, 0, 4, 1]); // announces 1025 bytes
  assert.throws(
    () => new MessageReader(1024).push(header),
    (err: unknown) => err instanceof GrpcError && err.code === GrpcStatus.RESOURCE_EXHAUSTED && /1025 bytes/.test(err.message),
  );
});

test('grpc-message: printable ASCII as is, other bytes and % as %XX of their UTF-8', () => {
  assert.equal(encodeGrpcMessage('no such method'), 'no such method');
  assert.equal(encodeGrpcMessage('100% done'), '100%25 done');
  assert.equal(encodeGrpcMessage('line\nnext'), 'line%0Anext');
  assert.equal(encodeGrpcMessage('café'), 'caf%C3%A9');
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme' }), (text) => {
      assert.equal(decodeURIComponent(encodeGrpcMessage(text)), text);
      assert.match(encodeGrpcMessage(text), /^[\x20-\x7e]*$/);
    }),
  );
});
