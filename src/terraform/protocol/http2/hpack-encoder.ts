/**
 * HPACK encoding of the few header blocks this server sends (`:status`, `content-type`, gRPC's
 * trailers): a field of the static table is one indexed octet, any other a literal without indexing
 * (RFC 7541 §6.2.2), its name taken from the static table when it is there, its strings as plain
 * octets. So this side never adds to the peer's dynamic table, and whatever table size the peer
 * announces is fine as it is.
 */
import { STATIC_TABLE } from './hpack-decoder.js';

const staticIndexOfField = new Map<string, number>();
const staticIndexOfName = new Map<string, number>();
for (let index = STATIC_TABLE.length - 1; index >= 1; index--) {
  const [name, value] = STATIC_TABLE[index];
  staticIndexOfName.set(name, index);
  if (value !== '') staticIndexOfField.set(`${name}\0${value}`, index);
}

/** Header fields to send; names must already be lower case. Values are written as latin1 octets. */
export type HeaderFields = ReadonlyArray<readonly [name: string, value: string]>;

/**
 * The block of `fields`. The gRPC server's constant blocks (a call's response headers, OK trailers)
 * are encoded once: the result is remembered for the array, which must then not change.
 */
export function encodeHeaderBlock(fields: HeaderFields): Buffer {
  let block = encoded.get(fields);
  if (block === undefined) {
    block = encode(fields);
    encoded.set(fields, block);
  }
  return block;
}

const encoded = new WeakMap<HeaderFields, Buffer>();

function encode(fields: HeaderFields): Buffer {
  const out: number[] = [];
  for (let i = 0; i < fields.length; i++) {
    const name = fields[i][0];
    const value = fields[i][1];
    const indexed = staticIndexOfField.get(`${name}\0${value}`);
    if (indexed !== undefined) {
      writeInteger(out, 0x80, 7, indexed);
      continue;
    }
    const nameIndex = staticIndexOfName.get(name);
    if (nameIndex !== undefined) {
      writeInteger(out, 0x00, 4, nameIndex);
    } else {
      out.push(0x00);
      writeString(out, name);
    }
    writeString(out, value);
  }
  return Buffer.from(out);
}

/** §5.1: `value` in a prefix of `prefixBits` bits, the first octet's other bits being `flags`. */
function writeInteger(out: number[], flags: number, prefixBits: number, value: number): void {
  const max = (1 << prefixBits) - 1;
  if (value < max) {
    out.push(flags | value);
    return;
  }
  out.push(flags | max);
  value -= max;
  while (value >= 0x80) {
    out.push((value % 0x80) | 0x80);
    value = Math.floor(value / 0x80);
  }
  out.push(value);
}

/** §5.2 without Huffman coding. */
function writeString(out: number[], text: string): void {
  writeInteger(out, 0x00, 7, text.length);
  for (let i = 0; i < text.length; i++) out.push(text.charCodeAt(i) & 0xff);
}
