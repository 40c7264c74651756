/**
 * HPACK header block decoding (RFC 7541), the part of HTTP/2 that carries request headers: the static
 * table, the connection's dynamic table that grpc-go fills as it goes (after a method's first call its
 * `:path` is one indexed octet), integers with prefixes, and string literals, Huffman-coded or not.
 * Names and values are latin1 strings (one character per octet), as HTTP/2 header octets are.
 */
import { decodeHuffman, HuffmanError } from './hpack-huffman.js';

/** RFC 7541 Appendix A: index 1-61. */
// prettier-ignore
export const STATIC_TABLE: ReadonlyArray<readonly [string, string]> = [
  ['', ''], // index 0 is not used
  [':authority', ''], [':method', 'GET'], [':method', 'POST'], [':path', '/'], [':path', '/index.html'],
  [':scheme', 'http'], [':scheme', 'https'], [':status', '200'], [':status', '204'], [':status', '206'],
  [':status', '304'], [':status', '400'], [':status', '404'], [':status', '500'], ['accept-charset', ''],
  ['accept-encoding', 'gzip, deflate'], ['accept-language', ''], ['accept-ranges', ''], ['accept', ''],
  ['access-control-allow-origin', ''], ['age', ''], ['allow', ''], ['authorization', ''], ['cache-control', ''],
  ['content-disposition', ''], ['content-encoding', ''], ['content-language', ''], ['content-length', ''],
  ['content-location', ''], ['content-range', ''], ['content-type', ''], ['cookie', ''], ['date', ''], ['etag', ''],
  ['expect', ''], ['expires', ''], ['from', ''], ['host', ''], ['if-match', ''], ['if-modified-since', ''],
  ['if-none-match', ''], ['if-range', ''], ['if-unmodified-since', ''], ['last-modified', ''], ['link', ''],
  ['location', ''], ['max-forwards', ''], ['proxy-authenticate', ''], ['proxy-authorization', ''], ['range', ''],
  ['referer', ''], ['refresh', ''], ['retry-after', ''], ['server', ''], ['set-cookie', ''],
  ['strict-transport-security', ''], ['transfer-encoding', ''], ['user-agent', ''], ['vary', ''], ['via', ''],
  ['www-authenticate', ''],
];
const STATIC_ENTRIES = STATIC_TABLE.length - 1;

const NO_BLOCK = Buffer.alloc(0);

/** §4.1: an entry's size is its name and value octets plus 32. */
const ENTRY_OVERHEAD = 32;

/** A malformed header block: a connection error of type COMPRESSION_ERROR (RFC 9113 §4.3). */
export class CompressionError extends Error {}

/** Header fields in the order they came, with their names as sent (HTTP/2 requires lower case). */
export type HeaderList = Array<[name: string, value: string]>;

export class HpackDecoder {
  /** Newest first: dynamic index 62 is entries[0]. */
  private readonly entries: Array<readonly [string, string]> = [];
  private size = 0;
  private maxSize: number;

  /** `maxTableSize`: SETTINGS_HEADER_TABLE_SIZE as this side announced it (the peer may use less). */
  constructor(private readonly maxTableSize = 4096) {
    this.maxSize = maxTableSize;
  }

  /** The block being decoded and the position in it (fields, not closures: no allocation per block). */
  private block: Buffer = NO_BLOCK;
  private pos = 0;

  /**
   * Decodes one whole header block (a HEADERS frame and its CONTINUATIONs). Every block of the
   * connection must go through here in order, even one for a stream about to be refused, since each
   * may change the dynamic table. `maxListSize` bounds the decoded fields (§4.1's sizes).
   */
  decode(block: Buffer, maxListSize: number): HeaderList {
    this.block = block;
    this.pos = 0;
    const headers: HeaderList = [];
    let listSize = 0;
    let fieldsSeen = false;
    while (this.pos < block.length) {
      const first = block[this.pos];
      let name: string;
      let value: string;
      if (first & 0x80) {
        // §6.1 indexed field
        const entry = this.entry(this.integer(7));
        name = entry[0];
        value = entry[1];
      } else if (first & 0x40) {
        // §6.2.1 literal with incremental indexing
        const index = this.integer(6);
        name = index === 0 ? this.string() : this.entry(index)[0];
        value = this.string();
        this.insert(name, value);
      } else if (first & 0x20) {
        // §6.3 dynamic table size update: only before the first field of a block
        if (fieldsSeen) throw new CompressionError('dynamic table size update after a header field');
        const size = this.integer(5);
        if (size > this.maxTableSize) throw new CompressionError(`dynamic table size ${size} exceeds ${this.maxTableSize}`);
        this.maxSize = size;
        this.evict(0);
        continue;
      } else {
        // §6.2.2 literal without indexing, §6.2.3 never indexed
        const index = this.integer(4);
        name = index === 0 ? this.string() : this.entry(index)[0];
        value = this.string();
      }
      fieldsSeen = true;
      listSize += name.length + value.length + ENTRY_OVERHEAD;
      if (listSize > maxListSize) throw new HeaderListTooLarge(maxListSize);
      headers.push([name, value]);
    }
    this.block = NO_BLOCK; // not holding on to the connection's input
    return headers;
  }

  /** §5.1: an integer with a prefix of `prefixBits` bits. */
  private integer(prefixBits: number): number {
    const { block } = this;
    if (this.pos >= block.length) throw new CompressionError('header block ends inside an integer');
    const max = (1 << prefixBits) - 1;
    let value = block[this.pos++] & max;
    if (value < max) return value;
    for (let shift = 0; ; shift += 7) {
      if (this.pos >= block.length) throw new CompressionError('header block ends inside an integer');
      // 2^28 and more is never a valid index, length or table size here.
      if (shift > 21) throw new CompressionError('integer too large');
      const byte = block[this.pos++];
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
    }
  }

  /** §5.2: a string literal, Huffman-coded or not. */
  private string(): string {
    const { block } = this;
    if (this.pos >= block.length) throw new CompressionError('header block ends before a string');
    const huffman = (block[this.pos] & 0x80) !== 0;
    const length = this.integer(7);
    if (length > block.length - this.pos) throw new CompressionError('string longer than the header block');
    const start = this.pos;
    this.pos += length;
    if (!huffman) return block.toString('latin1', start, this.pos);
    try {
      return decodeHuffman(block, start, this.pos);
    } catch (err) {
      if (err instanceof HuffmanError) throw new CompressionError(err.message);
      throw err;
    }
  }

  private entry(index: number): readonly [string, string] {
    if (index === 0) throw new CompressionError('header index 0');
    if (index <= STATIC_ENTRIES) return STATIC_TABLE[index];
    const entry = this.entries[index - STATIC_ENTRIES - 1];
    if (entry === undefined) throw new CompressionError(`header index ${index} is not in the table`);
    return entry;
  }

  private insert(name: string, value: string): void {
    const size = name.length + value.length + ENTRY_OVERHEAD;
    // §4.4: an entry larger than the table empties it and is not added.
    this.evict(size);
    if (size <= this.maxSize) {
      this.entries.unshift([name, value]);
      this.size += size;
    }
  }

  /** Evicts the oldest entries until `room` more octets fit. */
  private evict(room: number): void {
    while (this.entries.length > 0 && this.size + room > this.maxSize) {
      const [name, value] = this.entries.pop()!;
      this.size -= name.length + value.length + ENTRY_OVERHEAD;
    }
  }
}

/**
 * The decoded fields pass SETTINGS_MAX_HEADER_LIST_SIZE. Decoding stops there, which leaves the dynamic
 * table out of step with the peer's: the connection cannot go on either.
 */
export class HeaderListTooLarge extends CompressionError {
  constructor(limit: number) {
    super(`header list larger than ${limit} octets`);
  }
}
