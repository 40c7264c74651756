// HPACK as the plugin's HTTP/2 server reads and writes it: the Huffman code against RFC 7541's table,
// the RFC's own examples (Appendix C: requests with and without Huffman coding, responses that evict
// from a 256-octet dynamic table), the decoding errors of §5.2 and §6.3, and the encoder read back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HpackDecoder, CompressionError, HeaderListTooLarge } from '../../../src/terraform/protocol/http2/hpack-decoder.js';
import { encodeHeaderBlock } from '../../../src/terraform/protocol/http2/hpack-encoder.js';
import { decodeHuffman, huffmanCodeOf, HuffmanError } from '../../../src/terraform/protocol/http2/hpack-huffman.js';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');
const LIMIT = 64 * 1024;

test('Huffman: the canonical code from the bit lengths is RFC 7541 Appendix B', () => {
  // [symbol, code, bits] as the RFC's table lists them
  const table: Array<[number, number, number]> = [
    [0, 0x1ff8, 13], [1, 0x7fffd8, 23], [9, 0xffffea, 24], [10, 0x3ffffffc, 30], [32, 0x14, 6], [48, 0x0, 5],
    [97, 0x3, 5], [127, 0xffffffc, 28], [128, 0xfffe6, 20], [200, 0x3ffffe2, 26], [254, 0x7fffff0, 27],
    [255, 0x3ffffee, 26], [256, 0x3fffffff, 30],
  ];
  for (const [symbol, code, bits] of table) assert.deepEqual(huffmanCodeOf(symbol), { code, bits }, `symbol ${symbol}`);
  // A complete prefix code: the lengths fill the code space exactly (Kraft's equality).
  let space = 0;
  for (let symbol = 0; symbol <= 256; symbol++) space += 2 ** (30 - huffmanCodeOf(symbol).bits);
  assert.equal(space, 2 ** 30);
});

test('Huffman: every octet decodes back, in any order, padded with the most significant bits of EOS', () => {
  const encode = (octets: number[]): Buffer => {
    let bits = '';
    for (const octet of octets) {
      const { code, bits: length } = huffmanCodeOf(octet);
      bits += code.toString(2).padStart(length, '0');
    }
    bits += '1'.repeat((8 - (bits.length % 8)) % 8);
    return Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)));
  };
  const all = Array.from({ length: 256 }, (_, i) => i);
  const shuffled = [...all].sort((a, b) => ((a * 7919) % 256) - ((b * 7919) % 256));
  for (const octets of [all, shuffled, [], [0x61], [0xff, 0x00, 0x0a]]) {
    const encoded = encode(octets);
    assert.equal(decodeHuffman(encoded, 0, encoded.length), String.fromCharCode(...octets));
  }
});

test('Huffman: EOS, padding of 8 bits or more, and padding with zeros are decoding errors (§5.2)', () => {
  // 'a' is 00011 (5 bits): then three ones of padding is right, zeros are not
  assert.equal(decodeHuffman(Buffer.from([0b00011111]), 0, 1), 'a');
  assert.throws(() => decodeHuffman(Buffer.from([0b00011000]), 0, 1), HuffmanError);
  // a whole octet of padding
  assert.throws(() => decodeHuffman(Buffer.from([0b00011111, 0xff]), 0, 2), HuffmanError);
  // EOS itself (30 ones), padded
  assert.throws(() => decodeHuffman(Buffer.from([0xff, 0xff, 0xff, 0xff]), 0, 4), HuffmanError);
});

test('RFC 7541 C.3 and C.4: requests with and without Huffman coding, sharing one dynamic table', () => {
  const decoder = new HpackDecoder();
  assert.deepEqual(decoder.decode(hex('8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff'), LIMIT), [
    [':method', 'GET'], [':scheme', 'http'], [':path', '/'], [':authority', 'www.example.com'],
  ]);
  assert.deepEqual(decoder.decode(hex('8286 84be 5886 a8eb 1064 9cbf'), LIMIT), [
    [':method', 'GET'], [':scheme', 'http'], [':path', '/'], [':authority', 'www.example.com'], ['cache-control', 'no-cache'],
  ]);
  assert.deepEqual(decoder.decode(hex('8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf'), LIMIT), [
    [':method', 'GET'], [':scheme', 'https'], [':path', '/index.html'], [':authority', 'www.example.com'], ['custom-key', 'custom-value'],
  ]);
  const plain = new HpackDecoder();
  assert.deepEqual(plain.decode(hex('8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d'), LIMIT), [
    [':method', 'GET'], [':scheme', 'http'], [':path', '/'], [':authority', 'www.example.com'],
  ]);
});

test('RFC 7541 C.6: a 256-octet table evicts its oldest entries, and the indexes move with it', () => {
  const decoder = new HpackDecoder(256);
  const first = decoder.decode(
    hex('4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3'),
    LIMIT,
  );
  assert.deepEqual(first, [
    [':status', '302'], ['cache-control', 'private'], ['date', 'Mon, 21 Oct 2013 20:13:21 GMT'], ['location', 'https://www.example.com'],
  ]);
  // ':status: 307' is added and ':status: 302' evicted; c1/c0/bf are the remaining three, shifted.
  assert.deepEqual(decoder.decode(hex('4883 640e ffc1 c0bf'), LIMIT), [
    [':status', '307'], ['cache-control', 'private'], ['date', 'Mon, 21 Oct 2013 20:13:21 GMT'], ['location', 'https://www.example.com'],
  ]);
  assert.deepEqual(
    decoder.decode(
      hex(
        '88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab 77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07',
      ),
      LIMIT,
    ),
    [
      [':status', '200'], ['cache-control', 'private'], ['date', 'Mon, 21 Oct 2013 20:13:22 GMT'], ['location', 'https://www.example.com'],
      ['content-encoding', 'gzip'], ['set-cookie', 'foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1'],
    ],
  );
});

test('malformed header blocks are compression errors, not crashes or wrong headers', () => {
  const bad: Array<[string, string]> = [
    ['80', 'index 0'],
    ['be', 'an index past both tables (62, empty dynamic table)'],
    ['ff', 'an integer cut short'],
    ['ff80808080808001', 'an integer over 2^28'],
    ['4005 6e61', 'a name longer than the block'],
    ['82 20', 'a table size update after a field (§4.2)'],
    ['3fe21f', 'a table size update above SETTINGS_HEADER_TABLE_SIZE'],
    ['0081 ff 00', 'a Huffman string holding EOS padding only, of 8 bits'],
  ];
  for (const [block, why] of bad) assert.throws(() => new HpackDecoder().decode(hex(block), LIMIT), CompressionError, why);
  // a size update at the start of a block is fine, and 0 empties the table
  const decoder = new HpackDecoder();
  decoder.decode(hex('4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf'), LIMIT);
  assert.deepEqual(decoder.decode(hex('be'), LIMIT), [['custom-key', 'custom-value']]);
  assert.throws(() => decoder.decode(hex('20 be'), LIMIT), CompressionError);
});

test('the decoded header list is bounded by SETTINGS_MAX_HEADER_LIST_SIZE (32 octets per field counted)', () => {
  const block = encodeHeaderBlock([['x-a', 'b'.repeat(60)]]);
  assert.deepEqual(new HpackDecoder().decode(block, 3 + 60 + 32), [['x-a', 'b'.repeat(60)]]);
  assert.throws(() => new HpackDecoder().decode(block, 3 + 60 + 31), HeaderListTooLarge);
});

test('encoder: static fields are one octet, others literals without indexing, and they read back unchanged', () => {
  assert.deepEqual(encodeHeaderBlock([[':status', '200']]), Buffer.from([0x88]));
  // content-type is static index 31: a 4-bit prefix of 15, then 16
  assert.deepEqual(encodeHeaderBlock([['content-type', 'application/grpc']]), Buffer.concat([Buffer.from([0x0f, 0x10, 16]), Buffer.from('application/grpc')]));
  const fields: Array<[string, string]> = [
    [':status', '200'], [':status', '415'], ['content-type', 'application/grpc'], ['grpc-status', '13'],
    ['grpc-message', `boom%0A${'x'.repeat(300)}`], ['x-empty', ''], ['x-latin1', '\u00e9\u00ff'],
  ];
  const decoder = new HpackDecoder();
  assert.deepEqual(decoder.decode(encodeHeaderBlock(fields), LIMIT), fields);
  // nothing was added to the table: index 62 still does not exist
  assert.throws(() => decoder.decode(hex('be'), LIMIT), CompressionError);
});
