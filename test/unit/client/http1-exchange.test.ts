// The provider's HTTP/1.1 exchange against real servers on loopback: node:http for well-formed
// answers of every framing, raw sockets for what a server may also do (answer byte by byte, close a
// kept-alive connection, answer garbage, never answer), and the errors the retry policy relies on.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { createHttp1Exchange } from '../../../src/client/http1-exchange.js';
import { CONNECT_TIMEOUT } from '../../../src/client/http-exchange.js';
import { surelyNotSent } from '../../../src/client/retry-policy.js';

const servers: Array<HttpServer | NetServer> = [];
const rawSockets = new Set<Socket>();
after(() => {
  for (const server of servers) {
    if ('closeAllConnections' in server) server.closeAllConnections();
    server.close();
  }
  // The server ends of kept-alive connections would keep this process alive.
  for (const socket of rawSockets) socket.destroy();
});

async function httpServer(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<{ url: string; connections: () => number }> {
  let connections = 0;
  const server = createHttpServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => handler(req, res, body));
  });
  server.on('connection', () => connections++);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections };
}

/** A server that hands each accepted socket, and each request head it reads, to `onRequest`. */
async function rawServer(onRequest: (socket: Socket, head: string, nth: number) => void): Promise<string> {
  const server = createNetServer((socket) => {
    rawSockets.add(socket);
    let nth = 0;
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      let end: number;
      while ((end = buffered.indexOf('\r\n\r\n')) >= 0) {
        const head = buffered.slice(0, end);
        const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
        buffered = buffered.slice(end + 4 + length);
        onRequest(socket, head, ++nth);
      }
    });
    socket.on('error', () => {});
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const get = (url: string, headers: Record<string, string> = {}) => ({ method: 'GET', url, headers });

test('a request goes out with its method, path, query, headers and UTF-8 body; the answer comes back whole, on one kept-alive connection', async () => {
  const server = await httpServer((req, res, body) => {
    const seen = { method: req.method, url: req.url, host: req.headers.host, auth: req.headers.authorization, length: req.headers['content-length'], body };
    res.setHeader('X-Many', ['a', 'b']);
    res.statusCode = 201;
    res.statusMessage = 'Created Here';
    res.end(JSON.stringify(seen));
  });
  const exchange = createHttp1Exchange();
  const body = JSON.stringify({ name: 'caf\u00e9 \u{1F600}' });
  for (let i = 0; i < 5; i++) {
    const answer = await exchange({ method: 'POST', url: `${server.url}/v1/account?x=${i}`, headers: { authorization: 'aivenv1 t', 'content-type': 'application/json' }, body });
    assert.equal(answer.status, 201);
    assert.equal(answer.statusText, 'Created Here');
    assert.deepEqual(JSON.parse(answer.body), { method: 'POST', url: `/v1/account?x=${i}`, host: new URL(server.url).host, auth: 'aivenv1 t', length: String(Buffer.byteLength(body)), body });
    assert.equal(answer.header('x-MANY'), 'a, b');
    assert.equal(answer.header('absent'), undefined);
  }
  assert.equal(server.connections(), 1);
});

test('chunked answers, split anywhere (byte by byte, inside a UTF-8 character), with extensions and trailers', async () => {
  const text = `{"name":"${'\u00e9\u4e2d'.repeat(20)}"}`;
  const bytes = Buffer.from(text);
  const chunked = Buffer.concat([
    Buffer.from(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`),
    Buffer.from(`7;ext=1\r\n`), bytes.subarray(0, 7), Buffer.from('\r\n'),
    Buffer.from(`${(bytes.length - 7).toString(16)}\r\n`), bytes.subarray(7), Buffer.from('\r\n'),
    Buffer.from('0\r\nx-trailer: 1\r\n\r\n'),
  ]);
  const url = await rawServer((socket) => {
    let at = 0;
    const next = () => {
      if (at >= chunked.length) return;
      socket.write(chunked.subarray(at, ++at));
      setImmediate(next);
    };
    next();
  });
  const exchange = createHttp1Exchange();
  for (let i = 0; i < 2; i++) {
    const answer = await exchange(get(url));
    assert.equal(answer.status, 200);
    assert.equal(answer.body, text);
  }
});

test('answers without a body (204, 304, HEAD), after 1xx, and delimited by the connection closing', async () => {
  const server = await httpServer((req, res) => {
    if (req.url === '/204') {
      res.statusCode = 204;
      res.end();
    } else if (req.url === '/hints') {
      res.writeEarlyHints({ link: '</x>; rel=preload' });
      res.end('after hints');
    } else {
      res.setHeader('content-length', '5');
      res.end(req.method === 'HEAD' ? undefined : 'hello');
    }
  });
  const exchange = createHttp1Exchange();
  assert.equal((await exchange(get(`${server.url}/204`))).status, 204);
  const head = await exchange({ method: 'HEAD', url: `${server.url}/x`, headers: {} });
  assert.equal(head.body, '');
  assert.equal(head.header('content-length'), '5');
  assert.equal((await exchange(get(`${server.url}/hints`))).body, 'after hints');
  assert.equal((await exchange(get(`${server.url}/x`))).body, 'hello');
  assert.equal(server.connections(), 1, 'every one of those left the connection usable');

  const closing = await rawServer((socket) => socket.end('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\nuntil the end'));
  assert.equal((await exchange(get(closing))).body, 'until the end');
  assert.equal((await exchange(get(closing))).body, 'until the end');
});

test('a connection the server closes while idle is dropped from the pool; the next request opens another', async () => {
  const server = await httpServer((_req, res) => res.end('ok'));
  const exchange = createHttp1Exchange();
  assert.equal((await exchange(get(server.url))).body, 'ok');
  (servers.at(-1) as HttpServer).closeIdleConnections();
  await new Promise((r) => setTimeout(r, 50));
  assert.equal((await exchange(get(server.url))).body, 'ok');
  assert.equal(server.connections(), 2);
});

test('a reused connection that closes without answering fails with ECONNRESET and reusedSocket (so a POST is retried); a fresh one does not say reused', async () => {
  const url = await rawServer((socket, _head, nth) => {
    if (nth === 1) socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok');
    else socket.destroy();
  });
  const exchange = createHttp1Exchange();
  assert.equal((await exchange(get(url))).body, 'ok');
  const err = await exchange({ method: 'POST', url, headers: {}, body: '{}' }).catch((e: unknown) => e);
  assert.equal((err as { code?: string }).code, 'ECONNRESET');
  assert.equal((err as { reusedSocket?: boolean }).reusedSocket, true);
  assert.ok(surelyNotSent(err));

  const hangUp = await rawServer((socket) => socket.destroy());
  const fresh = await exchange(get(hangUp)).catch((e: unknown) => e);
  assert.equal((fresh as { code?: string }).code, 'ECONNRESET');
  assert.notEqual((fresh as { reusedSocket?: boolean }).reusedSocket, true);
});

test('an answer cut short, or not HTTP, is an error, not a wrong answer', async () => {
  const answers = [
    'HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nshort',
    'SSH-2.0-OpenSSH\r\n\r\n',
    'HTTP/1.1 200 OK\r\ncontent-length: 2, 3\r\n\r\nok',
    'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n',
    'HTTP/1.1 200 OK\r\n folded: header\r\n\r\n',
  ];
  const exchange = createHttp1Exchange();
  for (const answer of answers) {
    const url = await rawServer((socket) => socket.end(answer));
    await assert.rejects(exchange(get(url)), (err: Error & { code?: string }) => ['ECONNRESET', 'HPE_INVALID_RESPONSE'].includes(err.code ?? ''), JSON.stringify(answer));
  }
});

test('connection errors carry their code; a connection that never completes times out with CONNECT_TIMEOUT', async () => {
  const exchange = createHttp1Exchange({ connectTimeoutMs: 150 });
  const closed = createNetServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  closed.close();
  await assert.rejects(exchange(get(`http://127.0.0.1:${port}/`)), { code: 'ECONNREFUSED' });

  // TCP connects, TLS never answers
  const silent = await rawServer(() => {});
  const started = Date.now();
  await assert.rejects(exchange(get(silent.replace('http:', 'https:'))), { code: CONNECT_TIMEOUT });
  assert.ok(Date.now() - started < 2000);
});

test('an abort ends the request with the signal reason; header injection is refused before anything is sent', async () => {
  let requests = 0;
  const url = await rawServer(() => requests++);
  const exchange = createHttp1Exchange();
  const controller = new AbortController();
  const pending = exchange({ ...get(url), signal: controller.signal });
  await new Promise((r) => setTimeout(r, 50));
  controller.abort(new Error('stopped by the test'));
  await assert.rejects(pending, /stopped by the test/);
  await assert.rejects(exchange(get(url, { 'x-evil': 'a\r\nx-injected: 1' })), TypeError);
  await assert.rejects(exchange({ ...get(url), signal: AbortSignal.abort(new Error('already')) }), /already/);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(requests, 1);
});
