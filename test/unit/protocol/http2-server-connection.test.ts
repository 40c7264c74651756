// The plugin's HTTP/2 server connection frame by frame, over a real unix socket: what grpc-js and
// grpc-go never send on their own (padding, CONTINUATION, tiny windows, resets, protocol errors) and
// what the server must then do (RFC 9113). The gRPC layer on top is tested through grpc-js in
// grpc-server.test.ts, and terraform's grpc-go drives it in the e2e suites.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLIENT_PREFACE, ErrorCode, Flag, frame, FrameType, Setting, settingsFrame, windowUpdateFrame } from '../../../src/terraform/protocol/http2/frames.js';
import { HpackDecoder } from '../../../src/terraform/protocol/http2/hpack-decoder.js';
import { encodeHeaderBlock } from '../../../src/terraform/protocol/http2/hpack-encoder.js';
import { ServerConnection } from '../../../src/terraform/protocol/http2/server-connection.js';
import type { ServerStream } from '../../../src/terraform/protocol/http2/server-stream.js';

const dir = mkdtempSync(join(tmpdir(), 'tessera-h2-test-'));
const socketPath = join(dir, 'h2.sock');
let listener: Server;
const connections: ServerConnection[] = [];
const closedStreams: number[] = [];
const protocolErrors: string[] = [];

/**
 * The server under test: answers every stream with 200, then, once the request has ended, echoes the
 * request body `times` times (header x-times, default 1) with trailers x-received (bytes received) and
 * x-message (header x-message-bytes long). Path /early answers at once, before the request ends.
 */
function onStream(stream: ServerStream): void {
  const chunks: Buffer[] = [];
  stream.onClose(() => closedStreams.push(stream.id));
  if (stream.headers[':path'] === '/early') {
    stream.respond([[':status', '200'], ['grpc-status', '0']], true);
    return;
  }
  stream.onData((chunk) => chunks.push(Buffer.from(chunk)));
  stream.onEnd(() => {
    const body = Buffer.concat(chunks);
    stream.respond([[':status', '200'], ['content-type', 'application/octet-stream']]);
    const times = Number(stream.headers['x-times'] ?? 1);
    for (let i = 0; i < times; i++) stream.write(body);
    stream.end([['x-received', String(body.length)], ['x-message', 'm'.repeat(Number(stream.headers['x-message-bytes'] ?? 0))]]);
  });
}

before(async () => {
  listener = createServer({ pauseOnConnect: true }, (socket) => {
    connections.push(new ServerConnection(socket, { onStream, onProtocolError: (message) => protocolErrors.push(message) }));
    socket.resume();
  });
  await new Promise<void>((resolve) => listener.listen(socketPath, resolve));
});

after(() => {
  listener.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Frame {
  type: number;
  flags: number;
  streamId: number;
  payload: Buffer;
}

/** A raw client: writes bytes, reads frames, decodes the server's header blocks. */
class RawClient {
  readonly socket: Socket;
  private buffered = Buffer.alloc(0);
  private readonly frames: Frame[] = [];
  private waiting: (() => void) | undefined;
  closed = false;
  private readonly decoder = new HpackDecoder();

  constructor() {
    this.socket = connect(socketPath);
    this.socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      while (this.buffered.length >= 9) {
        const length = this.buffered.readUIntBE(0, 3);
        if (this.buffered.length < 9 + length) break;
        this.frames.push({ type: this.buffered[3], flags: this.buffered[4], streamId: this.buffered.readUInt32BE(5) & 0x7fffffff, payload: this.buffered.subarray(9, 9 + length) });
        this.buffered = this.buffered.subarray(9 + length);
      }
      this.waiting?.();
    });
    this.socket.on('close', () => {
      this.closed = true;
      this.waiting?.();
    });
    this.socket.on('error', () => {});
  }

  /** Preface and SETTINGS (plus `settings`), then waits for the server's SETTINGS ACK. */
  async start(settings: Array<[number, number]> = []): Promise<Frame[]> {
    this.write(CLIENT_PREFACE, settingsFrame(settings));
    const server = await this.until((f) => f.type === FrameType.SETTINGS && (f.flags & Flag.ACK) !== 0);
    this.write(frame(FrameType.SETTINGS, Flag.ACK, 0));
    return server;
  }

  write(...bytes: Buffer[]): void {
    this.socket.write(Buffer.concat(bytes));
  }

  request(streamId: number, headers: Array<[string, string]>, body?: Buffer, extra: Array<[string, string]> = []): void {
    const block = encodeHeaderBlock([[':method', 'POST'], [':scheme', 'http'], [':path', '/echo'], ...headers, ...extra]);
    this.write(frame(FrameType.HEADERS, Flag.END_HEADERS | (body ? 0 : Flag.END_STREAM), streamId, block));
    if (!body) return;
    for (let at = 0; at < body.length || at === 0; at += 16_384) {
      const last = at + 16_384 >= body.length;
      this.write(frame(FrameType.DATA, last ? Flag.END_STREAM : 0, streamId, body.subarray(at, at + 16_384)));
    }
  }

  /** Frames received until one matches (inclusive), consumed. Rejects after 2 s. */
  async until(match: (f: Frame) => boolean): Promise<Frame[]> {
    const deadline = Date.now() + 2000;
    for (;;) {
      const index = this.frames.findIndex(match);
      if (index >= 0) return this.frames.splice(0, index + 1);
      if (this.closed) throw new Error(`connection closed; frames: ${JSON.stringify(this.frames.map((f) => [f.type, f.flags, f.streamId]))}`);
      if (Date.now() > deadline) throw new Error(`timed out; frames: ${JSON.stringify(this.frames.map((f) => [f.type, f.flags, f.streamId]))}`);
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
        setTimeout(resolve, 50);
      });
    }
  }

  /** Reads what has arrived within `ms`, without waiting for anything in particular. */
  async drain(ms: number): Promise<Frame[]> {
    await new Promise((r) => setTimeout(r, ms));
    return this.frames.splice(0);
  }

  headers(f: Frame): Record<string, string> {
    let block = f.payload;
    if (f.flags & Flag.PADDED) block = block.subarray(1, block.length - block[0]);
    return Object.fromEntries(this.decoder.decode(block, 1 << 20));
  }

  close(): void {
    this.socket.destroy();
  }
}

const isEnd = (streamId: number) => (f: Frame) => f.streamId === streamId && (f.flags & Flag.END_STREAM) !== 0 && (f.type === FrameType.HEADERS || f.type === FrameType.DATA);
const dataOf = (frames: Frame[], streamId: number) => Buffer.concat(frames.filter((f) => f.type === FrameType.DATA && f.streamId === streamId).map((f) => f.payload));

/** A raw client that has exchanged prefaces and SETTINGS (plus `settings`), closed after `use` whatever happens. */
async function withStartedClient(use: (client: RawClient, opening: Frame[]) => Promise<void>, settings: Array<[number, number]> = []): Promise<void> {
  const client = new RawClient();
  try {
    await use(client, await client.start(settings));
  } finally {
    client.close();
  }
}

test('opening: the server announces its windows, acknowledges SETTINGS and answers PING with the same payload', async () => {
  await withStartedClient(async (client, opening) => {
    const settings = opening.find((f) => f.type === FrameType.SETTINGS && f.flags === 0)!;
    const announced = new Map<number, number>();
    for (let at = 0; at < settings.payload.length; at += 6) announced.set(settings.payload.readUInt16BE(at), settings.payload.readUInt32BE(at + 2));
    assert.equal(announced.get(Setting.INITIAL_WINDOW_SIZE), 4 * 1024 * 1024);
    assert.ok(opening.some((f) => f.type === FrameType.WINDOW_UPDATE && f.streamId === 0 && f.payload.readUInt32BE(0) === 16 * 1024 * 1024 - 65_535));
    client.write(frame(FrameType.PING, 0, 0, Buffer.from('12345678')));
    const [pong] = (await client.until((f) => f.type === FrameType.PING)).slice(-1);
    assert.equal(pong.flags, Flag.ACK);
    assert.equal(pong.payload.toString(), '12345678');
    // an ACK is not answered
    client.write(frame(FrameType.PING, Flag.ACK, 0, Buffer.from('abcdefgh')));
    client.request(1, [], Buffer.from('after ping'));
    const answer = await client.until(isEnd(1));
    assert.ok(!answer.some((f) => f.type === FrameType.PING));
    assert.equal(dataOf(answer, 1).toString(), 'after ping');
  });
});

test('a request in padded HEADERS, CONTINUATION and padded DATA frames arrives whole, with priority ignored', async () => {
  await withStartedClient(async (client) => {
    const block = encodeHeaderBlock([[':method', 'POST'], [':scheme', 'http'], [':path', '/echo'], ['x-long', 'v'.repeat(100)]]);
    // HEADERS: PADDED | PRIORITY, 3 octets of padding, the first 10 octets of the block
    const first = Buffer.concat([Buffer.from([3]), Buffer.from([0, 0, 0, 0, 16]), block.subarray(0, 10), Buffer.alloc(3)]);
    client.write(
      frame(FrameType.HEADERS, Flag.PADDED | Flag.PRIORITY, 3, first),
      frame(FrameType.CONTINUATION, 0, 3, block.subarray(10, 50)),
      frame(FrameType.CONTINUATION, Flag.END_HEADERS, 3, block.subarray(50)),
      frame(FrameType.PRIORITY, 0, 3, Buffer.from([0, 0, 0, 0, 1])),
      frame(FrameType.DATA, Flag.PADDED, 3, Buffer.concat([Buffer.from([4]), Buffer.from('hello '), Buffer.alloc(4)])),
      frame(FrameType.DATA, Flag.END_STREAM, 3, Buffer.from('world')),
    );
    const answer = await client.until(isEnd(3));
    assert.equal(dataOf(answer, 3).toString(), 'hello world');
    const trailers = client.headers(answer.at(-1)!);
    assert.equal(trailers['x-received'], '11');
  });
});

test('flow control: DATA never exceeds the stream window, the connection window or the frame size, and resumes on WINDOW_UPDATE', async () => {
  await withStartedClient(async (client) => {
    const body = Buffer.alloc(30_000, 7);
    // 3 copies: 90,000 octets against a stream window of 1,000 and a connection window of 65,535
    client.request(1, [['x-times', '3']], body);
    let frames = await client.drain(150);
    assert.equal(dataOf(frames, 1).length, 1000);
    assert.ok(!frames.some(isEnd(1)));

    client.write(settingsFrame([[Setting.INITIAL_WINDOW_SIZE, 65_536]])); // +64,536 for open streams
    frames = await client.drain(150);
    const afterSettings = dataOf(frames, 1).length;
    assert.equal(afterSettings, 65_535 - 1000, 'the connection window is the limit now');
    for (const f of frames.filter((x) => x.type === FrameType.DATA)) assert.ok(f.payload.length <= 16_384);

    client.write(windowUpdateFrame(0, 100_000));
    frames = await client.drain(150);
    // the stream window (65,536 in all) is the limit now
    assert.equal(dataOf(frames, 1).length, 65_536 - 65_535);
    client.write(windowUpdateFrame(1, 100_000));
    frames = await client.until(isEnd(1));
    assert.equal(1000 + afterSettings + 1 + dataOf(frames, 1).length, 90_000);
    assert.equal(client.headers(frames.at(-1)!)['x-received'], '30000');
  }, [[Setting.INITIAL_WINDOW_SIZE, 1000]]);
});

test('trailers longer than one frame go out as HEADERS and CONTINUATION', async () => {
  await withStartedClient(async (client) => {
    client.request(1, [['x-message-bytes', '40000']], Buffer.from('x'));
    const frames = await client.until((f) => f.streamId === 1 && f.type === FrameType.CONTINUATION && (f.flags & Flag.END_HEADERS) !== 0);
    const trailerFrames = frames.filter((f) => f.streamId === 1 && (f.type === FrameType.CONTINUATION || (f.type === FrameType.HEADERS && (f.flags & Flag.END_STREAM) !== 0)));
    assert.equal(trailerFrames[0].type, FrameType.HEADERS);
    assert.ok(trailerFrames.length >= 3);
    const block = Buffer.concat(trailerFrames.map((f) => f.payload));
    const trailers = Object.fromEntries(new HpackDecoder().decode(block, 1 << 20));
    assert.equal(trailers['x-message'].length, 40_000);
  });
});

test('a stream reset by the client closes at once and its answer is dropped; the connection goes on', async () => {
  await withStartedClient(async (client) => {
    client.write(frame(FrameType.HEADERS, Flag.END_HEADERS, 1, encodeHeaderBlock([[':method', 'POST'], [':scheme', 'http'], [':path', '/echo']])));
    await new Promise((r) => setTimeout(r, 30));
    client.write(frame(FrameType.RST_STREAM, 0, 1, Buffer.from([0, 0, 0, ErrorCode.CANCEL])));
    await new Promise((r) => setTimeout(r, 30));
    assert.ok(closedStreams.includes(1));
    // DATA for the reset stream is ignored, not an error
    client.write(frame(FrameType.DATA, Flag.END_STREAM, 1, Buffer.from('late')));
    client.request(3, [], Buffer.from('next'));
    const frames = await client.until(isEnd(3));
    assert.ok(!frames.some((f) => f.streamId === 1));
    assert.equal(dataOf(frames, 3).toString(), 'next');
  });
});

test('an answer before the request ends is followed by RST_STREAM NO_ERROR (RFC 9113 §8.1)', async () => {
  await withStartedClient(async (client) => {
    client.write(frame(FrameType.HEADERS, Flag.END_HEADERS, 1, encodeHeaderBlock([[':method', 'POST'], [':scheme', 'http'], [':path', '/early']])));
    const frames = await client.until((f) => f.type === FrameType.RST_STREAM && f.streamId === 1);
    const headers = frames.find((f) => f.type === FrameType.HEADERS && f.streamId === 1)!;
    assert.ok(headers.flags & Flag.END_STREAM);
    assert.equal(frames.at(-1)!.payload.readUInt32BE(0), ErrorCode.NO_ERROR);
    client.write(frame(FrameType.DATA, Flag.END_STREAM, 1, Buffer.from('ignored')));
    client.request(3, [], Buffer.from('still serving'));
    assert.equal(dataOf(await client.until(isEnd(3)), 3).toString(), 'still serving');
  });
});

test('malformed requests are reset with PROTOCOL_ERROR, and the connection goes on', async () => {
  await withStartedClient(async (client) => {
    const malformed: Array<Array<[string, string]>> = [
      [[':method', 'POST'], [':scheme', 'http']], // no :path
      [[':method', 'POST'], [':scheme', 'http'], [':path', '/'], ['X-Upper', '1']],
      [[':method', 'POST'], [':scheme', 'http'], [':path', '/'], ['connection', 'close']],
      [[':method', 'POST'], ['x-a', '1'], [':scheme', 'http'], [':path', '/']],
      [[':method', 'POST'], [':scheme', 'http'], [':path', '/'], [':protocol', 'x']],
    ];
    let id = 1;
    for (const headers of malformed) {
      client.write(frame(FrameType.HEADERS, Flag.END_HEADERS | Flag.END_STREAM, id, encodeHeaderBlock(headers)));
      const [reset] = (await client.until((f) => f.type === FrameType.RST_STREAM && f.streamId === id)).slice(-1);
      assert.equal(reset.payload.readUInt32BE(0), ErrorCode.PROTOCOL_ERROR, JSON.stringify(headers));
      id += 2;
    }
    client.request(id, [], Buffer.from('fine'));
    assert.equal(dataOf(await client.until(isEnd(id)), id).toString(), 'fine');
  });
});

test('connection errors end the connection with GOAWAY and their code', async () => {
  const cases: Array<[string, (c: RawClient) => void, number]> = [
    ['not a preface', (c) => c.write(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')), ErrorCode.PROTOCOL_ERROR],
    ['no SETTINGS first', (c) => c.write(CLIENT_PREFACE, frame(FrameType.PING, 0, 0, Buffer.alloc(8))), ErrorCode.PROTOCOL_ERROR],
    ['an even stream id', (c) => c.write(CLIENT_PREFACE, settingsFrame([]), frame(FrameType.HEADERS, Flag.END_HEADERS, 2, encodeHeaderBlock([[':path', '/']]))), ErrorCode.PROTOCOL_ERROR],
    ['a frame over 16,384 octets', (c) => c.write(CLIENT_PREFACE, settingsFrame([]), frame(FrameType.DATA, 0, 1, Buffer.alloc(20_000))), ErrorCode.FRAME_SIZE_ERROR],
    ['a broken header block', (c) => c.write(CLIENT_PREFACE, settingsFrame([]), frame(FrameType.HEADERS, Flag.END_HEADERS, 1, Buffer.from([0x80]))), ErrorCode.COMPRESSION_ERROR],
    ['DATA on an idle stream', (c) => c.write(CLIENT_PREFACE, settingsFrame([]), frame(FrameType.DATA, 0, 5, Buffer.from('x'))), ErrorCode.PROTOCOL_ERROR],
    ['a HEADERS block interrupted', (c) => c.write(CLIENT_PREFACE, settingsFrame([]), frame(FrameType.HEADERS, 0, 1, Buffer.from([0x83])), frame(FrameType.PING, 0, 0, Buffer.alloc(8))), ErrorCode.PROTOCOL_ERROR],
    ['a window past 2^31-1', (c) => c.write(CLIENT_PREFACE, settingsFrame([]), windowUpdateFrame(0, 2 ** 31 - 1)), ErrorCode.FLOW_CONTROL_ERROR],
    ['SETTINGS_MAX_FRAME_SIZE too small', (c) => c.write(CLIENT_PREFACE, settingsFrame([[Setting.MAX_FRAME_SIZE, 100]])), ErrorCode.PROTOCOL_ERROR],
    ['a PING of 7 octets', (c) => c.write(CLIENT_PREFACE, settingsFrame([]), frame(FrameType.PING, 0, 0, Buffer.alloc(7))), ErrorCode.FRAME_SIZE_ERROR],
    ['PUSH_PROMISE from a client', (c) => c.write(CLIENT_PREFACE, settingsFrame([]), frame(FrameType.PUSH_PROMISE, Flag.END_HEADERS, 1, Buffer.alloc(4))), ErrorCode.PROTOCOL_ERROR],
  ];
  for (const [why, send, code] of cases) {
    const client = new RawClient();
    try {
      send(client);
      const frames = await client.until((f) => f.type === FrameType.GOAWAY);
      assert.equal(frames.at(-1)!.payload.readUInt32BE(4), code, why);
      await client.until(() => false).catch(() => {});
      assert.ok(client.closed, `${why}: the server closes the connection`);
    } finally {
      client.close();
    }
  }
  assert.ok(protocolErrors.some((m) => /connection error/.test(m)));
});

test('close(): GOAWAY NO_ERROR naming the last stream; open streams are served, new ones refused', async () => {
  const before = connections.length;
  await withStartedClient(async (client) => {
    const connection = connections[before];
    client.write(frame(FrameType.HEADERS, Flag.END_HEADERS, 5, encodeHeaderBlock([[':method', 'POST'], [':scheme', 'http'], [':path', '/echo']])));
    await new Promise((r) => setTimeout(r, 30));
    connection.close();
    const [goaway] = (await client.until((f) => f.type === FrameType.GOAWAY)).slice(-1);
    assert.equal(goaway.payload.readUInt32BE(0), 5);
    assert.equal(goaway.payload.readUInt32BE(4), ErrorCode.NO_ERROR);
    client.write(frame(FrameType.HEADERS, Flag.END_HEADERS | Flag.END_STREAM, 7, encodeHeaderBlock([[':method', 'POST'], [':scheme', 'http'], [':path', '/echo']])));
    const [refused] = (await client.until((f) => f.type === FrameType.RST_STREAM && f.streamId === 7)).slice(-1);
    assert.equal(refused.payload.readUInt32BE(0), ErrorCode.REFUSED_STREAM);
    client.write(frame(FrameType.DATA, Flag.END_STREAM, 5, Buffer.from('served')));
    assert.equal(dataOf(await client.until(isEnd(5)), 5).toString(), 'served');
    let closed = false;
    connection.onClose(() => (closed = true));
    connection.destroy();
    await new Promise((r) => setTimeout(r, 30));
    assert.ok(closed);
  });
});
