// A body that will not be used is not read (issue 15, item 12): after an early answer (401 without a
// token, 415, 413, GET /healthz) the server closes the connection instead of reading and discarding
// the declared body; a client declaring 1 GiB gets its answer and a closed connection at once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from './support/test-server.js';
import { openRaw, parseResponse } from './support/raw-http.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

const GIB = 1024 ** 3;

/** Sends the head, then keeps writing body chunks until the server closes; returns what it answered. */
async function declareHugeBody(head: string): Promise<{ status: number; body: any; headers: string; sentBytes: number; closedAfter: number }> {
  const connection = await openRaw(server.url);
  connection.write(head);
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  let sentBytes = 0;
  const pump = setInterval(() => {
    for (let i = 0; i < 16; i++) if (connection.write(chunk)) sentBytes += chunk.length;
  }, 5);
  const closedAfter = await Promise.race([connection.closed, new Promise<number>((resolve) => setTimeout(() => resolve(-1), 5000))]);
  clearInterval(pump);
  connection.destroy();
  return { ...parseResponse(connection.received()), sentBytes, closedAfter };
}

test('no token: 401 and the connection closes, the 1 GiB body is not read', { timeout: 20_000 }, async () => {
  const answer = await declareHugeBody(`POST /v1/organizations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${GIB}\r\n\r\n`);
  assert.equal(answer.status, 401);
  assert.match(answer.headers, /\r\nconnection: close/i);
  assert.ok(answer.closedAfter >= 0 && answer.closedAfter < 3000, `closed after ${answer.closedAfter} ms (sent ${answer.sentBytes} bytes)`);
  assert.ok(answer.sentBytes < GIB / 8, `the client could push ${answer.sentBytes} bytes`);
});

test('an unsupported media type: 415 and the connection closes', { timeout: 20_000 }, async () => {
  const answer = await declareHugeBody(
    `POST /v1/organizations HTTP/1.1\r\nHost: x\r\nAuthorization: aivenv1 ${server.adminToken}\r\nContent-Type: application/xml\r\nContent-Length: ${GIB}\r\n\r\n`,
  );
  assert.equal(answer.status, 415);
  assert.match(answer.headers, /\r\nconnection: close/i);
  assert.ok(answer.closedAfter >= 0 && answer.closedAfter < 3000, `closed after ${answer.closedAfter} ms`);
});

test('GET /healthz with a declared body: 200 and the connection closes', { timeout: 20_000 }, async () => {
  const answer = await declareHugeBody(`GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: ${GIB}\r\n\r\n`);
  assert.equal(answer.status, 200);
  assert.equal(answer.body.status, 'ok');
  assert.ok(answer.closedAfter >= 0 && answer.closedAfter < 3000, `closed after ${answer.closedAfter} ms`);
});

test('a chunked body too large: 413 and the connection closes', { timeout: 20_000 }, async () => {
  const connection = await openRaw(server.url);
  connection.write(`POST /v1/organizations HTTP/1.1\r\nHost: x\r\nAuthorization: aivenv1 ${server.adminToken}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`);
  const chunk = `10000\r\n${'a'.repeat(0x10000)}\r\n`;
  const pump = setInterval(() => connection.write(chunk), 5);
  const closedAfter = await Promise.race([connection.closed, new Promise<number>((resolve) => setTimeout(() => resolve(-1), 5000))]);
  clearInterval(pump);
  assert.equal(parseResponse(connection.received()).status, 413);
  assert.ok(closedAfter >= 0, 'closed');
});

test('a request whose body was read keeps its connection alive', async () => {
  const connection = await openRaw(server.url);
  const body = '{"organization_name":"Kept Alive"}';
  connection.write(
    `POST /v1/organizations HTTP/1.1\r\nHost: x\r\nAuthorization: aivenv1 ${server.adminToken}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
  );
  await connection.waitFor(/Kept Alive/);
  connection.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
  await connection.waitFor(/"status":"ok"/);
  assert.doesNotMatch(connection.received(), /connection: close/i);
  connection.destroy();
});
