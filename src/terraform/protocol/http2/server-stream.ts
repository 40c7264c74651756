/**
 * One HTTP/2 stream of ./server-connection.ts, as the gRPC server uses it: the request's headers and
 * DATA in, a response (headers, DATA, trailers) out. The stream keeps its own state (RFC 9113 §5.1
 * from the server's side); the connection does the framing and flow control.
 */
import type { ErrorCodeValue } from './frames.js';
import type { HeaderFields } from './hpack-encoder.js';

/** What a stream asks of its connection. */
export interface StreamSender {
  sendHeaders(stream: ServerStream, fields: HeaderFields, endStream: boolean): void;
  /** Queues DATA; the connection sends it as the peer's windows allow, then the end (if asked) and trailers. */
  sendData(stream: ServerStream): void;
  sendReset(stream: ServerStream, code: ErrorCodeValue): void;
}

/** Request headers by name; a repeated field's values are joined with ", " (RFC 9110 §5.3). */
export type RequestHeaders = Record<string, string>;

export class ServerStream {
  headersSent = false;
  /** Set once this side has ended the stream or reset it: nothing more is sent. */
  localEnded = false;
  /** Set once the client's END_STREAM arrived. */
  remoteEnded = false;
  /** Set once the stream is over on both sides (or reset): close listeners have run or are about to. */
  closed = false;

  /** What `write` queued and the windows have not let out yet; `outboxOffset` into its first buffer. */
  readonly outbox: Buffer[] = [];
  outboxOffset = 0;
  /** `end` was called: after the outbox, trailers (when given) or an empty DATA end the stream. */
  endRequested = false;
  trailers: HeaderFields | undefined;
  /** The peer's window for this stream (§6.9), which SETTINGS may push below zero. */
  sendWindow: number;
  /** DATA octets received and not yet given back with WINDOW_UPDATE. */
  unacknowledged = 0;

  private dataListener: ((chunk: Buffer) => void) | undefined;
  private endListener: (() => void) | undefined;
  private readonly closeListeners: Array<() => void> = [];

  constructor(
    readonly id: number,
    readonly headers: RequestHeaders,
    private readonly sender: StreamSender,
    initialSendWindow: number,
  ) {
    this.sendWindow = initialSendWindow;
  }

  /** Each DATA payload of the request, in order (one listener). */
  onData(listener: (chunk: Buffer) => void): void {
    this.dataListener = listener;
  }
  /** The client ended its side (one listener). */
  onEnd(listener: () => void): void {
    this.endListener = listener;
  }
  /** The stream is over: answered and ended on both sides, reset by either, or the connection gone. */
  onClose(listener: () => void): void {
    if (this.closed) queueMicrotask(listener);
    else this.closeListeners.push(listener);
  }

  /** Sends the response headers; with `endStream`, they are the whole answer (gRPC's trailers-only). */
  respond(fields: HeaderFields, endStream = false): void {
    if (this.localEnded || this.headersSent) return;
    this.headersSent = true;
    if (endStream) this.localEnded = true;
    this.sender.sendHeaders(this, fields, endStream);
  }

  write(data: Buffer): void {
    if (this.localEnded || this.endRequested || data.length === 0) return;
    this.outbox.push(data);
    this.sender.sendData(this);
  }

  /** Ends this side once what was written is out, with trailers when given. */
  end(trailers?: HeaderFields): void {
    if (this.localEnded || this.endRequested) return;
    this.endRequested = true;
    this.trailers = trailers;
    this.sender.sendData(this);
  }

  /** RST_STREAM: the stream is over at once, what was not sent is dropped. */
  reset(code: ErrorCodeValue): void {
    if (this.closed) return;
    this.sender.sendReset(this, code);
  }

  /** For the connection: a DATA payload arrived. */
  received(chunk: Buffer): void {
    if (chunk.length > 0) this.dataListener?.(chunk);
  }

  /** For the connection: the client's END_STREAM arrived. */
  receivedEnd(): void {
    this.remoteEnded = true;
    this.endListener?.();
  }

  /** For the connection: marks the stream over and runs its close listeners. */
  runCloseListeners(): void {
    this.dataListener = undefined;
    this.endListener = undefined;
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}
