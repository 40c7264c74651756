// Requests that never end (issue 15, item 11): headers that stall, a body that stalls or trickles a
// byte at a time, and idle kept-alive connections are closed on configured timeouts, a stalled request
// with 408 and the Aiven body. Short timeouts are configured here; the defaults (10 s headers, 15 s
// whole request, 30 s idle) are the same mechanism.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from './support/test-server.js';
import { openRaw, parseResponse } from './support/raw-http.js';

let server: TestServer;
before(async () => {
  server = await startTestServer({ headersTimeoutMs: 600, requestTimeoutMs: 1200, idleTimeoutMs: 800 });
});
after(() => server.close());

function assert408(text: string): void {
  const response = parseResponse(text);
  assert.equal(response.status, 408, text);
  assert.equal(response.body.errors[0].error_code, 'request_timeout');
  assert.equal(response.body.errors[0].status, 408);
}

test('headers that stall get 408 and the connection is closed once the header timeout passes', { timeout: 10_000 }, async () => {
  const connection = await openRaw(server.url);
  connection.write('GET /v1/me HTTP/1.1\r\nHost: x\r\n'); // and never the blank line
  const closedAfter = await connection.closed;
  assert.ok(closedAfter >= 500 && closedAfter < 3000, `closed after ${closedAfter} ms`);
  assert408(connection.received());
});

test('an authenticated request whose body stalls gets 408 and is closed', { timeout: 10_000 }, async () => {
  const connection = await openRaw(server.url);
  connection.write(
    `POST /v1/organizations HTTP/1.1\r\nHost: x\r\nAuthorization: aivenv1 ${server.adminToken}\r\n` +
      'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"organization_name":',
  );
  const closedAfter = await connection.closed;
  assert.ok(closedAfter >= 1000 && closedAfter < 4000, `closed after ${closedAfter} ms`);
  assert408(connection.received());
});

test('a body trickling a byte every 100 ms is cut at the request timeout', { timeout: 10_000 }, async () => {
  const connection = await openRaw(server.url);
  connection.write(
    `POST /v1/organizations HTTP/1.1\r\nHost: x\r\nAuthorization: aivenv1 ${server.adminToken}\r\n` +
      'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"organization_name":"',
  );
  const trickle = setInterval(() => connection.write('a'), 100);
  try {
    const closedAfter = await connection.closed;
    assert.ok(closedAfter >= 1000 && closedAfter < 4000, `closed after ${closedAfter} ms`);
    assert408(connection.received());
  } finally {
    clearInterval(trickle);
  }
});

test('a kept-alive connection left idle is closed after the idle timeout; one that sends nothing is too', { timeout: 10_000 }, async () => {
  const connection = await openRaw(server.url);
  connection.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
  await connection.waitFor(/"status":"ok"/);
  const closedAfter = await connection.closed;
  assert.ok(closedAfter >= 700 && closedAfter < 3000, `closed after ${closedAfter} ms`);
  const silent = await openRaw(server.url);
  const silentClosed = await silent.closed;
  assert.ok(silentClosed < 3000, `a silent connection closed after ${silentClosed} ms`);
});

test('a request that arrives in time is answered normally', { timeout: 10_000 }, async () => {
  const connection = await openRaw(server.url);
  connection.write(`GET /v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: aivenv1 ${server.adminToken}\r\n\r\n`);
  const text = await connection.waitFor(/"kind":"instance_admin"/);
  assert.equal(parseResponse(text).status, 200);
  connection.destroy();
});
