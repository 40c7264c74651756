/**
 * gRPC over HTTP/2 as the plugin speaks it (the wire format of grpc/doc/PROTOCOL-HTTP2.md, server side,
 * no compression): each message is a 5-byte prefix (a compressed flag, then the length as a 32-bit
 * big-endian integer) and the protobuf bytes; a call ends with trailers carrying `grpc-status` and, on
 * failure, a percent-encoded `grpc-message`.
 */

/** The status codes this server answers with (their numbers are gRPC's). */
export const GrpcStatus = {
  OK: 0,
  INVALID_ARGUMENT: 3,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
} as const;
export type GrpcStatusCode = (typeof GrpcStatus)[keyof typeof GrpcStatus];

/** Thrown by a handler (or by the framing) to end the call with that status instead of OK. */
export class GrpcError extends Error {
  constructor(
    readonly code: GrpcStatusCode,
    message: string,
  ) {
    super(message);
    this.name = 'GrpcError';
  }
}

const PREFIX_BYTES = 5;

/** One message with its prefix, ready to write on the stream. */
export function frameMessage(message: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(PREFIX_BYTES + message.length);
  frame[0] = 0; // not compressed
  frame.writeUInt32BE(message.length, 1);
  frame.set(message, PREFIX_BYTES);
  return frame;
}

/**
 * Cuts a stream's DATA chunks into messages. HTTP/2 splits and joins frames freely, so a message may
 * arrive in many chunks and a chunk may hold several messages. Throws a GrpcError for a compressed
 * message (this server announces no encoding) or one longer than `maxMessageBytes`.
 */
export class MessageReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(private readonly maxMessageBytes: number) {}

  /** The messages the chunk completes, in order. */
  push(chunk: Buffer): Buffer[] {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    const messages: Buffer[] = [];
    while (this.pendingBytes >= PREFIX_BYTES) {
      const head = this.pending.length === 1 ? this.pending[0] : this.join();
      if (head[0] !== 0) throw new GrpcError(GrpcStatus.UNIMPLEMENTED, 'compressed messages are not supported (send grpc-encoding identity)');
      const length = head.readUInt32BE(1);
      if (length > this.maxMessageBytes) {
        throw new GrpcError(GrpcStatus.RESOURCE_EXHAUSTED, `message of ${length} bytes exceeds the limit of ${this.maxMessageBytes}`);
      }
      if (this.pendingBytes < PREFIX_BYTES + length) break;
      messages.push(head.subarray(PREFIX_BYTES, PREFIX_BYTES + length));
      const rest = head.subarray(PREFIX_BYTES + length);
      this.pending = rest.length > 0 ? [rest] : [];
      this.pendingBytes = rest.length;
    }
    return messages;
  }

  /** True when a message was begun and not finished (the client ended the stream mid-message). */
  get partial(): boolean {
    return this.pendingBytes > 0;
  }

  private join(): Buffer {
    const joined = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [joined];
    return joined;
  }
}

/**
 * `grpc-message` is percent-encoded: bytes outside printable ASCII, and `%` itself, become %XX of the
 * UTF-8 bytes (clients decode it; grpc-go shows the text in terraform's error).
 */
export function encodeGrpcMessage(message: string): string {
  let plain = true;
  for (let i = 0; i < message.length; i++) {
    const c = message.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x25) {
      plain = false;
      break;
    }
  }
  if (plain) return message;
  let encoded = '';
  for (const byte of Buffer.from(message, 'utf8')) {
    encoded += byte >= 0x20 && byte <= 0x7e && byte !== 0x25 ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}
