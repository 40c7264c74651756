/**
 * The server side of one HTTP/2 connection (RFC 9113), as much of it as a gRPC server needs with
 * terraform's grpc-go as its client: the preface and SETTINGS, HEADERS/CONTINUATION through HPACK,
 * DATA with flow control both ways, PING, RST_STREAM, WINDOW_UPDATE, GOAWAY. No server push, no
 * priorities (PRIORITY frames are read and ignored, as §5.3.2 allows), no upgrade from HTTP/1.1.
 *
 * Why not node:http2: terraform launches the plugin 3-5 times per command and each launch serves a
 * few hundred short calls. Loading node:http2 was ~4 ms of every launch, and its per-stream machinery
 * (a Duplex stream, events, nghttp2 callbacks, header objects and arrays) was about a fifth of an
 * apply launch's CPU; here a call is a few frames read from and written to the socket. The protocol
 * README gives the measurements. The tests drive this server with grpc-js (Node's nghttp2 client) and
 * with raw frames; terraform and OpenTofu (grpc-go) drive it in the end-to-end suites.
 *
 * Frames are answered in order as they arrive; what one turn of the event loop queues for the peer
 * goes out in one write.
 */
import type { Duplex } from 'node:stream';
import {
  CLIENT_PREFACE,
  DEFAULT_MAX_FRAME_SIZE,
  DEFAULT_WINDOW,
  ErrorCode,
  type ErrorCodeValue,
  Flag,
  frame,
  FRAME_HEADER_BYTES,
  FrameType,
  goawayFrame,
  headerFrames,
  MAX_FRAME_SIZE_LIMIT,
  MAX_WINDOW,
  rstStreamFrame,
  Setting,
  settingsFrame,
  windowUpdateFrame,
  writeFrameHeader,
} from './frames.js';
import { CompressionError, HpackDecoder, type HeaderList } from './hpack-decoder.js';
import { encodeHeaderBlock, type HeaderFields } from './hpack-encoder.js';
import { requestHeaders } from './request-headers.js';
import { type StreamSender, ServerStream } from './server-stream.js';

export interface ServerConnectionOptions {
  /** A new stream, its headers checked (§8.3). Attach listeners before returning: DATA may follow at once. */
  onStream(stream: ServerStream): void;
  /** Why the connection or a stream was given up on (for a debug log). */
  onProtocolError?(message: string): void;
}

/**
 * What this side announces. Windows are large because requests are read whole anyway (a plan can be
 * megabytes) and every WINDOW_UPDATE is a round trip the client may wait for.
 */
const RECEIVE_WINDOW = 4 * 1024 * 1024;
const CONNECTION_RECEIVE_WINDOW = 16 * 1024 * 1024;
/** gRPC requests carry a handful of short headers. */
const MAX_HEADER_LIST_SIZE = 64 * 1024;
/** A header block in HEADERS and CONTINUATION frames, before decoding. */
const MAX_HEADER_BLOCK_BYTES = 64 * 1024;

/** Thrown inside frame handling: the connection ends with GOAWAY and this code (§5.4.1). */
class ConnectionError extends Error {
  constructor(
    readonly code: ErrorCodeValue,
    message: string,
  ) {
    super(message);
  }
}

export class ServerConnection implements StreamSender {
  private readonly streams = new Map<number, ServerStream>();
  private readonly decoder = new HpackDecoder();
  /** The highest stream id the client opened (GOAWAY names it). */
  private lastStreamId = 0;
  private prefaceSeen = false;
  private settingsSeen = false;
  private pending: Buffer | undefined;
  /** A header block whose CONTINUATION frames are still coming. */
  private continuation: { streamId: number; endStream: boolean; fragments: Buffer[]; bytes: number } | undefined;

  private peerMaxFrameSize = DEFAULT_MAX_FRAME_SIZE;
  private peerInitialWindow = DEFAULT_WINDOW;
  /** The peer's connection window for our DATA. */
  private sendWindow = DEFAULT_WINDOW;
  /** Streams with DATA waiting for a window. */
  private readonly blocked = new Set<ServerStream>();
  private connectionUnacknowledged = 0;

  private readonly outgoing: Buffer[] = [];
  private flushScheduled = false;
  /** Streams over once the queued frames are written: their close listeners run after the write. */
  private readonly closingAfterFlush: ServerStream[] = [];
  private goingAway = false;
  private ended = false;
  private readonly closeListeners: Array<() => void> = [];

  constructor(
    private readonly socket: Duplex,
    private readonly opts: ServerConnectionOptions,
  ) {
    this.queue(settingsFrame([
      [Setting.INITIAL_WINDOW_SIZE, RECEIVE_WINDOW],
      [Setting.MAX_HEADER_LIST_SIZE, MAX_HEADER_LIST_SIZE],
    ]));
    this.queue(windowUpdateFrame(0, CONNECTION_RECEIVE_WINDOW - DEFAULT_WINDOW));
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('error', (err) => this.opts.onProtocolError?.(`connection failed: ${err.message}`));
    socket.once('close', () => this.connectionGone());
  }

  /** Runs once the socket has closed and every stream with it. */
  onClose(listener: () => void): void {
    if (this.ended) queueMicrotask(listener);
    else this.closeListeners.push(listener);
  }

  /** GOAWAY: streams already open are served to their end; new ones are refused. */
  close(): void {
    if (this.goingAway || this.ended) return;
    this.goingAway = true;
    this.queue(goawayFrame(this.lastStreamId, ErrorCode.NO_ERROR));
  }

  destroy(): void {
    this.socket.destroy();
  }

  // --- reading ---------------------------------------------------------------------------------

  private read(chunk: Buffer): void {
    if (this.ended) return;
    let input = this.pending === undefined ? chunk : Buffer.concat([this.pending, chunk]);
    this.pending = undefined;
    try {
      if (!this.prefaceSeen) {
        if (input.length < CLIENT_PREFACE.length) {
          if (!CLIENT_PREFACE.subarray(0, input.length).equals(input)) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, 'not an HTTP/2 client preface');
          this.pending = input;
          return;
        }
        if (!CLIENT_PREFACE.equals(input.subarray(0, CLIENT_PREFACE.length))) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, 'not an HTTP/2 client preface');
        this.prefaceSeen = true;
        input = input.subarray(CLIENT_PREFACE.length);
      }
      let at = 0;
      while (input.length - at >= FRAME_HEADER_BYTES) {
        const length = (input[at] << 16) | (input[at + 1] << 8) | input[at + 2];
        // We never raise SETTINGS_MAX_FRAME_SIZE above its default.
        if (length > DEFAULT_MAX_FRAME_SIZE) throw new ConnectionError(ErrorCode.FRAME_SIZE_ERROR, `frame of ${length} octets`);
        if (input.length - at < FRAME_HEADER_BYTES + length) break;
        const type = input[at + 3];
        const flags = input[at + 4];
        const streamId = input.readUInt32BE(at + 5) & 0x7fffffff;
        const payload = input.subarray(at + FRAME_HEADER_BYTES, at + FRAME_HEADER_BYTES + length);
        at += FRAME_HEADER_BYTES + length;
        this.handleFrame(type, flags, streamId, payload);
        if (this.ended) return;
      }
      if (at < input.length) this.pending = input.subarray(at);
    } catch (err) {
      if (!(err instanceof ConnectionError)) throw err;
      this.fail(err.code, err.message);
    }
  }

  private handleFrame(type: number, flags: number, streamId: number, payload: Buffer): void {
    if (!this.settingsSeen) {
      if (type !== FrameType.SETTINGS || (flags & Flag.ACK) !== 0) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, 'the preface must end with SETTINGS');
      this.settingsSeen = true;
    }
    if (this.continuation && type !== FrameType.CONTINUATION) {
      throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, 'a header block was interrupted');
    }
    switch (type) {
      case FrameType.DATA:
        return this.onDataFrame(flags, streamId, payload);
      case FrameType.HEADERS:
        return this.onHeadersFrame(flags, streamId, payload);
      case FrameType.CONTINUATION:
        return this.onContinuationFrame(flags, streamId, payload);
      case FrameType.PRIORITY:
        if (streamId === 0) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, 'PRIORITY on stream 0');
        if (payload.length !== 5) this.resetById(streamId, ErrorCode.FRAME_SIZE_ERROR);
        return;
      case FrameType.RST_STREAM:
        return this.onRstStreamFrame(streamId, payload);
      case FrameType.SETTINGS:
        return this.onSettingsFrame(flags, streamId, payload);
      case FrameType.PUSH_PROMISE:
        throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, 'a client cannot push');
      case FrameType.PING:
        if (streamId !== 0) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, 'PING on a stream');
        if (payload.length !== 8) throw new ConnectionError(ErrorCode.FRAME_SIZE_ERROR, 'PING of other than 8 octets');
        if ((flags & Flag.ACK) === 0) this.queue(frame(FrameType.PING, Flag.ACK, 0, payload));
        return;
      case FrameType.GOAWAY:
        if (streamId !== 0) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, 'GOAWAY on a stream');
        // The client is done: it will close the connection once its streams are; new ones are not coming.
        return;
      case FrameType.WINDOW_UPDATE:
        return this.onWindowUpdateFrame(streamId, payload);
      default:
        // §5.5: unknown frame types are ignored.
        return;
    }
  }

  private onDataFrame(flags: number, streamId: number, payload: Buffer): void {
    if (streamId === 0) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, 'DATA on stream 0');
    // Flow control counts the whole payload, padding included (§6.9.1).
    this.acknowledgeConnection(payload.length);
    const data = (flags & Flag.PADDED) !== 0 ? unpad(payload) : payload;
    const stream = this.streams.get(streamId);
    if (stream === undefined) {
      if (streamId > this.lastStreamId) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, `DATA on idle stream ${streamId}`);
      // A stream this side has finished or reset: what the client had in flight is dropped.
      return;
    }
    if (stream.remoteEnded) {
      this.resetById(streamId, ErrorCode.STREAM_CLOSED);
      return;
    }
    stream.unacknowledged += payload.length;
    if (stream.unacknowledged >= RECEIVE_WINDOW / 2 && (flags & Flag.END_STREAM) === 0) {
      this.queue(windowUpdateFrame(streamId, stream.unacknowledged));
      stream.unacknowledged = 0;
    }
    stream.received(data);
    if ((flags & Flag.END_STREAM) !== 0 && !stream.closed) this.remoteEnded(stream);
  }

  private onHeadersFrame(flags: number, streamId: number, payload: Buffer): void {
    if (streamId === 0) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, 'HEADERS on stream 0');
    let fragment = (flags & Flag.PADDED) !== 0 ? unpad(payload) : payload;
    if ((flags & Flag.PRIORITY) !== 0) {
      if (fragment.length < 5) throw new ConnectionError(ErrorCode.FRAME_SIZE_ERROR, 'HEADERS too short for its priority');
      fragment = fragment.subarray(5);
    }
    const endStream = (flags & Flag.END_STREAM) !== 0;
    if ((flags & Flag.END_HEADERS) === 0) {
      this.continuation = { streamId, endStream, fragments: [fragment], bytes: fragment.length };
      return;
    }
    this.onHeaderBlock(streamId, endStream, fragment);
  }

  private onContinuationFrame(flags: number, streamId: number, payload: Buffer): void {
    const c = this.continuation;
    if (c === undefined || c.streamId !== streamId) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, 'CONTINUATION without its HEADERS');
    c.fragments.push(payload);
    c.bytes += payload.length;
    if (c.bytes > MAX_HEADER_BLOCK_BYTES) throw new ConnectionError(ErrorCode.ENHANCE_YOUR_CALM, `header block over ${MAX_HEADER_BLOCK_BYTES} octets`);
    if ((flags & Flag.END_HEADERS) === 0) return;
    this.continuation = undefined;
    this.onHeaderBlock(streamId, c.endStream, Buffer.concat(c.fragments, c.bytes));
  }

  private onHeaderBlock(streamId: number, endStream: boolean, block: Buffer): void {
    let fields: HeaderList;
    try {
      fields = this.decoder.decode(block, MAX_HEADER_LIST_SIZE);
    } catch (err) {
      if (err instanceof CompressionError) throw new ConnectionError(ErrorCode.COMPRESSION_ERROR, err.message);
      throw err;
    }
    const existing = this.streams.get(streamId);
    if (existing !== undefined) {
      // Trailers: gRPC clients send none, but they are legal and must end the stream (§8.1).
      if (!endStream) return this.resetStream(existing, ErrorCode.PROTOCOL_ERROR, 'trailers without END_STREAM');
      if (existing.remoteEnded) return this.resetStream(existing, ErrorCode.STREAM_CLOSED, 'HEADERS after END_STREAM');
      this.remoteEnded(existing);
      return;
    }
    if (streamId % 2 === 0) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, `client opened even stream ${streamId}`);
    if (streamId <= this.lastStreamId) {
      // A stream that is over; a client may not reopen it (§5.1.1).
      throw new ConnectionError(ErrorCode.STREAM_CLOSED, `HEADERS on closed stream ${streamId}`);
    }
    this.lastStreamId = streamId;
    if (this.goingAway) {
      this.queue(rstStreamFrame(streamId, ErrorCode.REFUSED_STREAM));
      return;
    }
    const headers = requestHeaders(fields);
    if (typeof headers === 'string') {
      this.opts.onProtocolError?.(`malformed request on stream ${streamId}: ${headers}`);
      this.queue(rstStreamFrame(streamId, ErrorCode.PROTOCOL_ERROR));
      return;
    }
    const stream = new ServerStream(streamId, headers, this, this.peerInitialWindow);
    this.streams.set(streamId, stream);
    this.opts.onStream(stream);
    if (endStream && !stream.closed) this.remoteEnded(stream);
  }

  private onRstStreamFrame(streamId: number, payload: Buffer): void {
    if (streamId === 0) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, 'RST_STREAM on stream 0');
    if (payload.length !== 4) throw new ConnectionError(ErrorCode.FRAME_SIZE_ERROR, 'RST_STREAM of other than 4 octets');
    if (streamId > this.lastStreamId) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, `RST_STREAM on idle stream ${streamId}`);
    const stream = this.streams.get(streamId);
    if (stream !== undefined) this.closeStream(stream, false);
  }

  private onSettingsFrame(flags: number, streamId: number, payload: Buffer): void {
    if (streamId !== 0) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, 'SETTINGS on a stream');
    if ((flags & Flag.ACK) !== 0) {
      if (payload.length !== 0) throw new ConnectionError(ErrorCode.FRAME_SIZE_ERROR, 'SETTINGS ACK with a payload');
      return;
    }
    if (payload.length % 6 !== 0) throw new ConnectionError(ErrorCode.FRAME_SIZE_ERROR, 'SETTINGS of a length not a multiple of 6');
    for (let at = 0; at < payload.length; at += 6) {
      const id = payload.readUInt16BE(at);
      const value = payload.readUInt32BE(at + 2);
      switch (id) {
        case Setting.ENABLE_PUSH:
          if (value > 1) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, `SETTINGS_ENABLE_PUSH ${value}`);
          break;
        case Setting.INITIAL_WINDOW_SIZE: {
          if (value > MAX_WINDOW) throw new ConnectionError(ErrorCode.FLOW_CONTROL_ERROR, `SETTINGS_INITIAL_WINDOW_SIZE ${value}`);
          // §6.9.2: open streams' windows move by the difference, possibly below zero.
          const delta = value - this.peerInitialWindow;
          this.peerInitialWindow = value;
          for (const stream of this.streams.values()) {
            stream.sendWindow += delta;
            if (stream.sendWindow > MAX_WINDOW) throw new ConnectionError(ErrorCode.FLOW_CONTROL_ERROR, 'a stream window passed 2^31-1');
          }
          break;
        }
        case Setting.MAX_FRAME_SIZE:
          if (value < DEFAULT_MAX_FRAME_SIZE || value > MAX_FRAME_SIZE_LIMIT) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, `SETTINGS_MAX_FRAME_SIZE ${value}`);
          this.peerMaxFrameSize = value;
          break;
        default:
          // HEADER_TABLE_SIZE: our encoder never uses the peer's dynamic table. MAX_CONCURRENT_STREAMS: we
          // open none. MAX_HEADER_LIST_SIZE: our header blocks are a few fields. Unknown ids are ignored.
          break;
      }
    }
    this.queue(frame(FrameType.SETTINGS, Flag.ACK, 0));
    this.sendBlocked();
  }

  private onWindowUpdateFrame(streamId: number, payload: Buffer): void {
    if (payload.length !== 4) throw new ConnectionError(ErrorCode.FRAME_SIZE_ERROR, 'WINDOW_UPDATE of other than 4 octets');
    const increment = payload.readUInt32BE(0) & 0x7fffffff;
    if (streamId === 0) {
      if (increment === 0) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, 'WINDOW_UPDATE of 0');
      this.sendWindow += increment;
      if (this.sendWindow > MAX_WINDOW) throw new ConnectionError(ErrorCode.FLOW_CONTROL_ERROR, 'the connection window passed 2^31-1');
      this.sendBlocked();
      return;
    }
    if (streamId > this.lastStreamId) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, `WINDOW_UPDATE on idle stream ${streamId}`);
    const stream = this.streams.get(streamId);
    if (stream === undefined) return; // over already: the update came too late to matter
    if (increment === 0) return this.resetStream(stream, ErrorCode.PROTOCOL_ERROR, 'WINDOW_UPDATE of 0');
    stream.sendWindow += increment;
    if (stream.sendWindow > MAX_WINDOW) return this.resetStream(stream, ErrorCode.FLOW_CONTROL_ERROR, 'a stream window passed 2^31-1');
    if (this.blocked.has(stream)) this.sendData(stream);
  }

  /** Gives the client back its connection window once half of it is used. */
  private acknowledgeConnection(octets: number): void {
    this.connectionUnacknowledged += octets;
    if (this.connectionUnacknowledged >= CONNECTION_RECEIVE_WINDOW / 2) {
      this.queue(windowUpdateFrame(0, this.connectionUnacknowledged));
      this.connectionUnacknowledged = 0;
    }
  }

  // --- streams ---------------------------------------------------------------------------------

  private remoteEnded(stream: ServerStream): void {
    stream.receivedEnd();
    if (stream.localEnded && !stream.closed) this.closeStream(stream, true);
  }

  /** A stream is over: forgotten, and its close listeners run (after the queued frames are written, when `afterFlush`). */
  private closeStream(stream: ServerStream, afterFlush: boolean): void {
    if (stream.closed) return;
    stream.closed = true;
    stream.localEnded = true;
    stream.outbox.length = 0;
    this.streams.delete(stream.id);
    this.blocked.delete(stream);
    if (afterFlush && this.flushScheduled) this.closingAfterFlush.push(stream);
    else stream.runCloseListeners();
  }

  private resetStream(stream: ServerStream, code: ErrorCodeValue, why: string): void {
    this.opts.onProtocolError?.(`stream ${stream.id} reset: ${why}`);
    this.sendReset(stream, code);
  }

  private resetById(streamId: number, code: ErrorCodeValue): void {
    const stream = this.streams.get(streamId);
    if (stream !== undefined) this.sendReset(stream, code);
    else this.queue(rstStreamFrame(streamId, code));
  }

  sendReset(stream: ServerStream, code: ErrorCodeValue): void {
    if (stream.closed) return;
    this.queue(rstStreamFrame(stream.id, code));
    this.closeStream(stream, true);
  }

  sendHeaders(stream: ServerStream, fields: HeaderFields, endStream: boolean): void {
    this.queueHeaderBlock(stream, fields, endStream);
    if (endStream) this.localEnd(stream);
  }

  private queueHeaderBlock(stream: ServerStream, fields: HeaderFields, endStream: boolean): void {
    for (const f of headerFrames(stream.id, encodeHeaderBlock(fields), endStream, this.peerMaxFrameSize)) this.queue(f);
  }

  /** Sends what the stream's outbox holds as far as the windows allow, then its end when asked. */
  sendData(stream: ServerStream): void {
    if (stream.closed) return;
    const { outbox } = stream;
    while (outbox.length > 0) {
      const chunk = outbox[0];
      const remaining = chunk.length - stream.outboxOffset;
      const size = Math.min(remaining, this.sendWindow, stream.sendWindow, this.peerMaxFrameSize);
      if (size <= 0) {
        this.blocked.add(stream);
        return;
      }
      const endsStream = size === remaining && outbox.length === 1 && stream.endRequested && stream.trailers === undefined;
      const out = Buffer.allocUnsafe(FRAME_HEADER_BYTES + size);
      writeFrameHeader(out, 0, size, FrameType.DATA, endsStream ? Flag.END_STREAM : 0, stream.id);
      chunk.copy(out, FRAME_HEADER_BYTES, stream.outboxOffset, stream.outboxOffset + size);
      this.queue(out);
      this.sendWindow -= size;
      stream.sendWindow -= size;
      if (size === remaining) {
        outbox.shift();
        stream.outboxOffset = 0;
      } else {
        stream.outboxOffset += size;
      }
      if (endsStream) return this.localEnd(stream);
    }
    this.blocked.delete(stream);
    if (!stream.endRequested) return;
    if (stream.trailers !== undefined) {
      this.queueHeaderBlock(stream, stream.trailers, true);
    } else {
      this.queue(frame(FrameType.DATA, Flag.END_STREAM, stream.id));
    }
    this.localEnd(stream);
  }

  /** This side sent END_STREAM. A client still sending is told to stop (§8.1: RST_STREAM NO_ERROR). */
  private localEnd(stream: ServerStream): void {
    stream.localEnded = true;
    if (!stream.remoteEnded) this.queue(rstStreamFrame(stream.id, ErrorCode.NO_ERROR));
    this.closeStream(stream, true);
  }

  private sendBlocked(): void {
    for (const stream of [...this.blocked]) {
      if (this.sendWindow <= 0) return;
      this.sendData(stream);
    }
  }

  // --- writing and the end ---------------------------------------------------------------------

  private queue(bytes: Buffer): void {
    if (this.ended) return;
    this.outgoing.push(bytes);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      process.nextTick(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    if (!this.ended && this.outgoing.length > 0) {
      this.socket.write(this.outgoing.length === 1 ? this.outgoing[0] : Buffer.concat(this.outgoing));
    }
    this.outgoing.length = 0;
    for (const stream of this.closingAfterFlush.splice(0)) stream.runCloseListeners();
  }

  /** A connection error (§5.4.1): GOAWAY with its code, then the connection is dropped. */
  private fail(code: ErrorCodeValue, message: string): void {
    this.opts.onProtocolError?.(`connection error: ${message}`);
    const goaway = goawayFrame(this.lastStreamId, code, message.slice(0, 200));
    this.outgoing.push(goaway);
    this.flush();
    // Once GOAWAY is written, whether or not the client hangs up.
    this.socket.end(() => this.socket.destroy());
    this.connectionGone();
  }

  private connectionGone(): void {
    if (this.ended) return;
    this.ended = true;
    this.outgoing.length = 0;
    for (const stream of [...this.streams.values()]) this.closeStream(stream, false);
    for (const stream of this.closingAfterFlush.splice(0)) stream.runCloseListeners();
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}

/** Removes the pad length octet and the padding (§6.1). */
function unpad(payload: Buffer): Buffer {
  if (payload.length < 1) throw new ConnectionError(ErrorCode.FRAME_SIZE_ERROR, 'padded frame without its pad length');
  const padding = payload[0];
  if (padding >= payload.length) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, 'padding longer than the frame');
  return payload.subarray(1, payload.length - padding);
}
