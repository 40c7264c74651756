/**
 * HPACK's Huffman code (RFC 7541 §5.2, Appendix B), decoding only: terraform's grpc-go Huffman-codes a
 * header string whenever that is shorter, and this server writes its own strings as plain octets.
 *
 * The code of Appendix B is canonical: within one bit length, codes are consecutive in symbol order, and
 * each length's first code follows on from the previous length's last. So the bit length of each
 * symbol is all that has to be written down; the codes follow from them (the tests check a few of them
 * against the RFC's table, and the RFC's own examples in Appendix C).
 */

/** Bit length of the code of each octet 0-255; symbol 256 is EOS (30 bits, all ones). */
// prettier-ignore
const CODE_BITS = [
  13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
  6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
  13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
  15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5, 6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
  20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23, 24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
  22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23, 21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
  26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25, 19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
  20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23, 26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
  30,
];
const EOS = 256;
const MAX_BITS = 30;

/** The canonical code, as a decoder walks it: per bit length, its first code and where its symbols start. */
interface CanonicalCode {
  firstCode: Int32Array;
  count: Int32Array;
  offset: Int32Array;
  /** Symbols ordered by (bit length, symbol). */
  symbols: Uint16Array;
}

let canonical: CanonicalCode | undefined;

function canonicalCode(): CanonicalCode {
  const count = new Int32Array(MAX_BITS + 1);
  for (const bits of CODE_BITS) count[bits]++;
  const firstCode = new Int32Array(MAX_BITS + 1);
  const offset = new Int32Array(MAX_BITS + 1);
  let code = 0;
  let position = 0;
  for (let bits = 1; bits <= MAX_BITS; bits++) {
    firstCode[bits] = code;
    offset[bits] = position;
    code = (code + count[bits]) << 1;
    position += count[bits];
  }
  const symbols = new Uint16Array(CODE_BITS.length);
  const next = offset.slice();
  for (let bits = 1; bits <= MAX_BITS; bits++) {
    for (let symbol = 0; symbol < CODE_BITS.length; symbol++) if (CODE_BITS[symbol] === bits) symbols[next[bits]++] = symbol;
  }
  return { firstCode, count, offset, symbols };
}

/** The code of one symbol and its bit length (for the tests, which compare it with the RFC's table). */
export function huffmanCodeOf(symbol: number): { code: number; bits: number } {
  const c = (canonical ??= canonicalCode());
  const bits = CODE_BITS[symbol];
  const rank = c.symbols.subarray(c.offset[bits], c.offset[bits] + c.count[bits]).indexOf(symbol);
  return { code: c.firstCode[bits] + rank, bits };
}

export class HuffmanError extends Error {}

/**
 * Decodes a Huffman-coded string literal to its octets, as a latin1 string. Rejects what §5.2 calls a
 * decoding error: an EOS symbol, or padding longer than 7 bits or not made of ones.
 */
export function decodeHuffman(input: Uint8Array, start: number, end: number): string {
  const c = (canonical ??= canonicalCode());
  const { firstCode, count, offset, symbols } = c;
  let out = '';
  let code = 0;
  let bits = 0;
  for (let i = start; i < end; i++) {
    const byte = input[i];
    for (let b = 7; b >= 0; b--) {
      code = (code << 1) | ((byte >> b) & 1);
      bits++;
      const index = code - firstCode[bits];
      if (index < count[bits]) {
        const symbol = symbols[offset[bits] + index];
        if (symbol === EOS) throw new HuffmanError('Huffman-coded string holds EOS');
        out += String.fromCharCode(symbol);
        code = 0;
        bits = 0;
      } else if (bits === MAX_BITS) {
        throw new HuffmanError('invalid Huffman code');
      }
    }
  }
  // What is left is padding: the most significant bits of EOS, i.e. fewer than 8 ones.
  if (bits > 7 || code !== (1 << bits) - 1) throw new HuffmanError('invalid Huffman padding');
  return out;
}
