/**
 * Reads one HTTP/1.1 response from a connection's bytes (RFC 9112): the status line and headers,
 * informational (1xx) answers skipped, then a body delimited by Content-Length, chunked transfer
 * coding, or the end of the connection; none for HEAD, 204 and 304. Fed chunk by chunk, as they arrive.
 */

export interface Http1Response {
  status: number;
  statusText: string;
  /** Lower-case names; repeated fields joined with ", ". */
  headers: Map<string, string>;
  body: string;
  /** The connection may carry another request: HTTP/1.1, no `Connection: close`, body not delimited by the close. */
  keepAlive: boolean;
}

/** The answer is not HTTP/1.x as this reader accepts it. */
export class Http1ParseError extends Error {
  readonly code = 'HPE_INVALID_RESPONSE';
}

const MAX_HEAD_BYTES = 64 * 1024;
const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');

type Stage = 'head' | 'length' | 'chunk-size' | 'chunk-data' | 'trailers' | 'until-close' | 'done';

export class Http1ResponseReader {
  private pending: Buffer | undefined;
  private stage: Stage = 'head';
  private status = 0;
  private statusText = '';
  private headers = new Map<string, string>();
  private keepAlive = false;
  private remaining = 0;
  private readonly bodyParts: Buffer[] = [];
  /** Set once the response is complete. */
  response: Http1Response | undefined;
  /** Bytes that came after the complete response (a connection carrying them is not reused). */
  extraBytes = 0;

  constructor(private readonly method: string) {}

  /** True once any byte of an answer has arrived. */
  started = false;

  /** Feeds bytes from the connection; throws Http1ParseError on a malformed answer. */
  push(chunk: Buffer): void {
    this.started = true;
    if (this.stage === 'done') {
      this.extraBytes += chunk.length;
      return;
    }
    const input = this.pending === undefined ? chunk : Buffer.concat([this.pending, chunk]);
    this.pending = undefined;
    let at = 0;
    while (at < input.length && !this.done) {
      const used = this.step(input, at);
      if (used < 0) break; // needs more bytes
      at = used;
    }
    if (this.done) this.extraBytes += input.length - at;
    else if (at < input.length) this.pending = input.subarray(at);
  }

  private get done(): boolean {
    return this.response !== undefined;
  }

  /** The connection ended: completes a body delimited by the close, or throws for a cut answer. */
  end(): void {
    if (this.stage === 'until-close') {
      this.finish(false);
      return;
    }
    if (this.stage !== 'done') throw Object.assign(new Error('connection closed before the answer was complete'), { code: 'ECONNRESET' });
  }

  /** One parsing step from `at`: the new position, or -1 when more bytes are needed. */
  private step(input: Buffer, at: number): number {
    switch (this.stage) {
      case 'head': {
        const end = input.indexOf(HEAD_END, at);
        if (end < 0) {
          if (input.length - at > MAX_HEAD_BYTES) throw new Http1ParseError(`response head over ${MAX_HEAD_BYTES} bytes`);
          return -1;
        }
        this.readHead(input.toString('latin1', at, end));
        return end + HEAD_END.length;
      }
      case 'length': {
        const take = Math.min(this.remaining, input.length - at);
        this.bodyParts.push(input.subarray(at, at + take));
        this.remaining -= take;
        if (this.remaining === 0) this.finish(this.keepAlive);
        return at + take;
      }
      case 'chunk-size': {
        const end = input.indexOf(CRLF, at);
        if (end < 0) {
          if (input.length - at > 1024) throw new Http1ParseError('chunk size line too long');
          return -1;
        }
        const sizeText = input.toString('latin1', at, end).split(';', 1)[0].trim();
        if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText)) throw new Http1ParseError(`bad chunk size ${JSON.stringify(sizeText)}`);
        this.remaining = parseInt(sizeText, 16);
        this.stage = this.remaining === 0 ? 'trailers' : 'chunk-data';
        return end + CRLF.length;
      }
      case 'chunk-data': {
        if (this.remaining > 0) {
          const take = Math.min(this.remaining, input.length - at);
          this.bodyParts.push(input.subarray(at, at + take));
          this.remaining -= take;
          return at + take;
        }
        if (input.length - at < CRLF.length) return -1;
        if (input[at] !== 0x0d || input[at + 1] !== 0x0a) throw new Http1ParseError('chunk not followed by CRLF');
        this.stage = 'chunk-size';
        return at + CRLF.length;
      }
      case 'trailers': {
        // Trailer fields are read past and dropped; an empty line ends the message.
        const end = input.indexOf(CRLF, at);
        if (end < 0) return -1;
        if (end === at) this.finish(this.keepAlive);
        return end + CRLF.length;
      }
      case 'until-close':
        this.bodyParts.push(input.subarray(at));
        return input.length;
      default:
        return input.length;
    }
  }

  private readHead(head: string): void {
    const lines = head.split('\r\n');
    const statusLine = /^HTTP\/1\.([01]) (\d{3})(?: (.*))?$/.exec(lines[0]);
    if (!statusLine) throw new Http1ParseError(`not an HTTP/1.x status line: ${JSON.stringify(lines[0].slice(0, 100))}`);
    const status = Number(statusLine[2]);
    const headers = new Map<string, string>();
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i];
      const colon = line.indexOf(':');
      if (colon <= 0 || line[0] === ' ' || line[0] === '\t') throw new Http1ParseError(`bad header line ${JSON.stringify(line.slice(0, 100))}`);
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      const earlier = headers.get(name);
      headers.set(name, earlier === undefined ? value : `${earlier}, ${value}`);
    }
    if (status < 200) {
      // 100 Continue, 103 Early Hints…: the final answer follows. (This client never upgrades: 101 is an error.)
      if (status === 101) throw new Http1ParseError('unexpected 101 Switching Protocols');
      return;
    }
    this.status = status;
    this.statusText = statusLine[3] ?? '';
    this.headers = headers;
    const connection = (headers.get('connection') ?? '').toLowerCase();
    this.keepAlive = statusLine[1] === '1' ? !/\bclose\b/.test(connection) : /\bkeep-alive\b/.test(connection);
    const transferEncoding = headers.get('transfer-encoding');
    const contentLength = headers.get('content-length');
    if (this.method === 'HEAD' || status === 204 || status === 304) {
      this.finish(this.keepAlive);
    } else if (transferEncoding !== undefined) {
      if (/(^|,)\s*chunked\s*$/i.test(transferEncoding)) {
        this.stage = 'chunk-size';
      } else {
        this.stage = 'until-close';
      }
    } else if (contentLength !== undefined) {
      // Repeated identical values ("42, 42") are one length; anything else is not.
      const values = new Set(contentLength.split(',').map((v) => v.trim()));
      const [value] = values;
      if (values.size !== 1 || !/^\d{1,15}$/.test(value)) throw new Http1ParseError(`bad content-length ${JSON.stringify(contentLength)}`);
      this.remaining = Number(value);
      if (this.remaining === 0) this.finish(this.keepAlive);
      else this.stage = 'length';
    } else {
      this.stage = 'until-close';
    }
  }

  private finish(keepAlive: boolean): void {
    this.stage = 'done';
    const body = this.bodyParts.length === 1 ? this.bodyParts[0].toString('utf8') : Buffer.concat(this.bodyParts).toString('utf8');
    this.response = { status: this.status, statusText: this.statusText, headers: this.headers, body, keepAlive };
  }
}
