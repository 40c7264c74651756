// Finds Tessera tokens in bytes, for the leak scanner (`tessera token scan`). Pure: the caller feeds
// chunks (a file read piece by piece, standard input) and gets each token with its line and column.
//
// A finding is the marker `tsr_` followed by exactly 49 base62 characters whose last six are the
// CRC32 checksum of the rest, i.e. a string the server would accept as a token's shape. Everything a
// checksum cannot vouch for is left out: a changed or swapped character anywhere in the token fails
// the CRC (a CRC32 catches every error burst up to 32 bits), and a random string passes with a
// probability of 1 in 4.3 billion per `tsr_` it contains. The characters around the token do not
// matter (a token glued to other text has still leaked).
//
// Columns are 1-based byte offsets within the line (as `grep -b`/ripgrep count them).
import { checksumOf, TOKEN_CHECKSUM_LENGTH, TOKEN_LENGTH, TOKEN_MARKER, TOKEN_PREFIX_LENGTH } from './token-format.js';

export interface TokenFinding {
  /** 1-based. */
  line: number;
  /** 1-based byte column of the token's first character. */
  column: number;
  /** The whole token: to revoke it, never to print. */
  token: string;
  tokenPrefix: string;
}

const MARKER = Buffer.from(TOKEN_MARKER, 'latin1');
const NEWLINE = 0x0a;
const HEAD_LENGTH = TOKEN_LENGTH - TOKEN_CHECKSUM_LENGTH;

/** Base62 bytes (0-9, A-Z, a-z). */
const BASE62_BYTE = new Uint8Array(256);
for (let b = 0x30; b <= 0x39; b++) BASE62_BYTE[b] = 1;
for (let b = 0x41; b <= 0x5a; b++) BASE62_BYTE[b] = 1;
for (let b = 0x61; b <= 0x7a; b++) BASE62_BYTE[b] = 1;

function isTokenAt(buf: Buffer, i: number): boolean {
  for (let j = i + MARKER.length; j < i + TOKEN_LENGTH; j++) if (BASE62_BYTE[buf[j]] === 0) return false;
  return checksumOf(buf.toString('latin1', i, i + HEAD_LENGTH)) === buf.toString('latin1', i + HEAD_LENGTH, i + TOKEN_LENGTH);
}

export class TokenScanner {
  /** Bytes of the stream not yet examined (a possible token cut by a chunk boundary). */
  private carry: Buffer = Buffer.alloc(0);
  /** Absolute offset of carry[0]. */
  private carryOffset = 0;
  private line = 1;
  private lineStart = 0;
  /** Newlines before this absolute offset are counted in `line`. */
  private countedTo = 0;

  /** Scans the next chunk of the stream (the chunk may be reused by the caller afterwards). */
  push(chunk: Buffer, found: (finding: TokenFinding) => void): void {
    if (chunk.length === 0) return;
    const buf = this.carry.length === 0 ? chunk : Buffer.concat([this.carry, chunk]);
    this.scan(buf, false, found);
  }

  /** The stream ended: examines what was held back. */
  end(found: (finding: TokenFinding) => void): void {
    this.scan(this.carry, true, found);
    this.carry = Buffer.alloc(0);
  }

  private scan(buf: Buffer, final: boolean, found: (finding: TokenFinding) => void): void {
    const base = this.carryOffset;
    // a token starting at i needs bytes up to i + TOKEN_LENGTH - 1; later starts wait for more data
    const limit = buf.length - TOKEN_LENGTH + 1;
    let i = buf.indexOf(MARKER);
    while (i !== -1 && i < limit) {
      if (isTokenAt(buf, i)) {
        this.countLines(buf, base, base + i);
        const token = buf.toString('latin1', i, i + TOKEN_LENGTH);
        found({ line: this.line, column: base + i - this.lineStart + 1, token, tokenPrefix: token.slice(0, TOKEN_PREFIX_LENGTH) });
        i = buf.indexOf(MARKER, i + TOKEN_LENGTH);
      } else {
        i = buf.indexOf(MARKER, i + 1);
      }
    }
    if (final) return;
    // keep the tail that may hold the start of a token; its newlines are counted when it is scanned
    const keepFrom = Math.max(0, limit);
    this.countLines(buf, base, base + keepFrom);
    this.carry = Buffer.from(buf.subarray(keepFrom));
    this.carryOffset = base + keepFrom;
  }

  /** Counts the newlines of buf (which starts at absolute offset base) before absolute offset `to`. */
  private countLines(buf: Buffer, base: number, to: number): void {
    let j = buf.indexOf(NEWLINE, this.countedTo - base);
    while (j !== -1 && base + j < to) {
      this.line++;
      this.lineStart = base + j + 1;
      j = buf.indexOf(NEWLINE, j + 1);
    }
    this.countedTo = to;
  }
}

/** Every token in one complete buffer (a convenience over TokenScanner). */
export function findTokens(data: Buffer | string): TokenFinding[] {
  const findings: TokenFinding[] = [];
  const scanner = new TokenScanner();
  scanner.push(typeof data === 'string' ? Buffer.from(data, 'utf8') : data, (f) => findings.push(f));
  scanner.end((f) => findings.push(f));
  return findings;
}
