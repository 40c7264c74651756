// The typed client against a scripted loopback HTTP server: paths, encoding, headers, error mapping,
// and the retry policy (which the real server cannot be made to exercise on demand).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createNetServer } from 'node:net';
import { once } from 'node:events';
import {
  AivenApiError,
  AivenClient,
  CONNECT_TIMEOUT,
  createNodeHttpExchange,
  type HttpExchange,
  type NodeHttpExchangeOptions,
} from '../../../src/client/index.js';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

async function withServer(handler: Handler, fn: (url: string, seen: { method: string; url: string; auth?: string; body: string }[]) => Promise<void>) {
  const seen: { method: string; url: string; auth?: string; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, body });
      handler(req, body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  try {
    await fn(`http://127.0.0.1:${port}`, seen);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};
const fast = { baseDelayMs: 1, maxDelayMs: 5 };

test('sends the aivenv1 token, JSON body and URL-encoded token prefixes', async () => {
  await withServer(
    (req, _b, res) => (req.method === 'DELETE' ? (res.writeHead(204), res.end()) : json(res, 200, { organization_id: 'org1', organization_name: 'x' })),
    async (url, seen) => {
      const client = new AivenClient({ baseUrl: url + '/', token: 'secret-token', retry: fast });
      const org = await client.createOrganization({ organization_name: 'x' });
      assert.equal(org.organization_id, 'org1');
      await client.deleteApplicationUserToken('org1', 'u1', 'tsr_a/b+c');
      assert.deepEqual(seen[0], { method: 'POST', url: '/v1/organizations', auth: 'aivenv1 secret-token', body: '{"organization_name":"x"}' });
      assert.equal(seen[1].url, '/v1/organization/org1/application-users/u1/access-tokens/tsr_a%2Fb%2Bc');
    },
  );
});

test('unwraps list and account envelopes', async () => {
  await withServer(
    (req, _b, res) => {
      if (req.url === '/v1/account') json(res, 200, { accounts: [{ account_id: 'a1' }] });
      else if (req.url === '/v1/account/a1') json(res, 200, { account: { account_id: 'a1', tenant_id: 't' } });
      else json(res, 200, { tokens: [{ token_prefix: 'p1' }, { token_prefix: 'p2' }] });
    },
    async (url) => {
      const client = new AivenClient({ baseUrl: url, token: 't' });
      assert.equal((await client.listAccounts())[0].account_id, 'a1');
      assert.equal((await client.getAccount('a1')).tenant_id, 't');
      assert.equal((await client.findApplicationUserToken('o', 'u', 'p2'))?.token_prefix, 'p2');
      assert.equal(await client.findApplicationUserToken('o', 'u', 'p3'), undefined);
    },
  );
});

test('error answers become AivenApiError with status, message and error code, without retry', async () => {
  await withServer(
    (_r, _b, res) => json(res, 404, { message: 'Organization not found', errors: [{ message: 'Organization not found', status: 404, error_code: 'organization_not_found' }] }),
    async (url, seen) => {
      const client = new AivenClient({ baseUrl: url, token: 'very-secret', retry: fast });
      const err = await client.getOrganization('org9').catch((e: unknown) => e);
      assert.ok(err instanceof AivenApiError);
      assert.equal(err.status, 404);
      assert.equal(err.message, 'Organization not found');
      assert.equal(err.errorCode, 'organization_not_found');
      assert.equal(err.operation, 'GET /v1/organization/org9');
      assert.ok(!String(err.stack).includes('very-secret'));
      assert.equal(seen.length, 1);
    },
  );
});

test('GET retries 5xx and 429 until success', async () => {
  let n = 0;
  await withServer(
    (_r, _b, res) => {
      n++;
      if (n === 1) json(res, 502, { message: 'bad gateway' });
      else if (n === 2) {
        res.writeHead(429, { 'retry-after': '0', 'content-type': 'application/json' });
        res.end('{"message":"slow down"}');
      } else json(res, 200, { organizations: [] });
    },
    async (url) => {
      const client = new AivenClient({ baseUrl: url, retry: fast });
      assert.deepEqual(await client.listOrganizations(), []);
      assert.equal(n, 3);
    },
  );
});

test('POST is not retried after a 500 (the create may have happened) but is after 503', async () => {
  let n = 0;
  await withServer(
    (_r, _b, res) => (n++, json(res, n === 1 ? 503 : 500, { message: `failure ${n}` })),
    async (url) => {
      const client = new AivenClient({ baseUrl: url, retry: fast });
      await assert.rejects(client.createOrganization({ organization_name: 'x' }), { status: 500, message: 'failure 2' });
      assert.equal(n, 2);
    },
  );
});

test('gives up after maxAttempts with the last error', async () => {
  let n = 0;
  await withServer(
    (_r, _b, res) => (n++, json(res, 500, { message: 'down' })),
    async (url) => {
      const client = new AivenClient({ baseUrl: url, retry: { ...fast, maxAttempts: 3 } });
      await assert.rejects(client.me(), { status: 500, message: 'down' });
      assert.equal(n, 3);
    },
  );
});

/** The real exchange, counting the requests the transport hands it. */
function countingExchange(options?: NodeHttpExchangeOptions): { exchange: HttpExchange; sent: () => number } {
  const exchange = createNodeHttpExchange(options);
  let sent = 0;
  return { exchange: (request) => (sent++, exchange(request)), sent: () => sent };
}

test('connection refused is retried even for POST, then reported naming the URL', async () => {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  const { exchange, sent } = countingExchange();
  const client = new AivenClient({ baseUrl: `http://127.0.0.1:${port}`, token: 'very-secret', exchange, retry: { ...fast, maxAttempts: 2 } });
  await assert.rejects(client.createOrganization({ organization_name: 'x' }), (err: Error) => {
    assert.match(err.message, new RegExp(`POST /v1/organizations: could not reach http://127.0.0.1:${port} \\(ECONNREFUSED\\)`));
    assert.ok(!String(err.stack).includes('very-secret'));
    return true;
  });
  assert.equal(sent(), 2);
});

test('a kept-alive connection the server resets before answering is retried even for POST', async () => {
  const requestsPerConnection = new Map<unknown, number>();
  await withServer(
    (req, _b, res) => {
      const n = (requestsPerConnection.get(req.socket) ?? 0) + 1;
      requestsPerConnection.set(req.socket, n);
      // The second request on a connection finds it closed, as when the server's idle timeout hits.
      if (n === 2) req.socket.destroy();
      else json(res, 201, { organization_id: `org${requestsPerConnection.size}` });
    },
    async (url, seen) => {
      const client = new AivenClient({ baseUrl: url, retry: fast });
      assert.equal((await client.createOrganization({ organization_name: 'a' })).organization_id, 'org1');
      assert.equal((await client.createOrganization({ organization_name: 'b' })).organization_id, 'org2');
      assert.equal(seen.length, 3, 'the second create was sent again, on a new connection');
      assert.equal(requestsPerConnection.size, 2);
    },
  );
});

test('a POST whose fresh connection is reset before the answer is not retried (it may have landed)', async () => {
  await withServer(
    (req) => req.socket.destroy(),
    async (url, seen) => {
      const client = new AivenClient({ baseUrl: url, retry: fast });
      await assert.rejects(client.createOrganization({ organization_name: 'x' }), /POST \/v1\/organizations: could not reach .* \(ECONNRESET\)/);
      assert.equal(seen.length, 1);
    },
  );
});

test('a connection that is not made in time fails with a connect timeout, retried even for POST', async () => {
  // Accepts TCP connections but never answers the TLS handshake, so the HTTPS connection never gets ready.
  const silent = createNetServer(() => {});
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const { port } = silent.address() as AddressInfo;
  let connections = 0;
  silent.on('connection', (socket) => (connections++, socket.on('error', () => {})));
  try {
    const { exchange, sent } = countingExchange({ connectTimeoutMs: 100 });
    const client = new AivenClient({ baseUrl: `https://127.0.0.1:${port}`, exchange, retry: { ...fast, maxAttempts: 2 } });
    const started = Date.now();
    await assert.rejects(client.createOrganization({ organization_name: 'x' }), new RegExp(`could not reach https://127.0.0.1:${port} \\(${CONNECT_TIMEOUT}\\)`));
    assert.ok(Date.now() - started < 2000);
    assert.equal(sent(), 2);
    assert.equal(connections, 2);
  } finally {
    silent.close();
  }
});

test('aborting the signal closes the request in flight', async () => {
  let closedByClient: Promise<unknown> | undefined;
  await withServer(
    (_req, _b, res) => {
      closedByClient = once(res, 'close'); // never answers
    },
    async (url) => {
      const client = new AivenClient({ baseUrl: url, retry: fast });
      const controller = new AbortController();
      const creating = client.createOrganization({ organization_name: 'x' }, { signal: controller.signal });
      while (!closedByClient) await new Promise((r) => setTimeout(r, 5));
      controller.abort(new Error('cancelled by the caller'));
      await assert.rejects(creating, /cancelled by the caller/);
      await closedByClient;
    },
  );
});

test('the deadline stops retrying and the signal aborts a hanging request', async () => {
  let n = 0;
  await withServer(
    (req, _b, res) => {
      n++;
      if (req.url === '/v1/me') return; // hang
      json(res, 503, { message: 'unavailable' });
    },
    async (url) => {
      const client = new AivenClient({ baseUrl: url, retry: { baseDelayMs: 1000, maxDelayMs: 1000 } });
      const started = Date.now();
      await assert.rejects(client.listAccounts({ deadline: Date.now() + 300 }), { status: 503 });
      assert.ok(Date.now() - started < 900, 'did not wait past the deadline');
      assert.equal(n, 1);
      const aborted = client.me({ signal: AbortSignal.timeout(100) });
      await assert.rejects(aborted, { name: 'TimeoutError' });
    },
  );
});

test('rejects a base URL that is not http(s)', () => {
  assert.throws(() => new AivenClient({ baseUrl: 'ftp://x' }), /must use http or https/);
  assert.throws(() => new AivenClient({ baseUrl: 'nope' }), /"nope" is not an absolute URL/);
});

test('stop lets a request in flight finish but starts no retry', async () => {
  let n = 0;
  await withServer(
    (req, _b, res) => {
      n++;
      if (req.method === 'POST') setTimeout(() => json(res, 201, { organization_id: 'org1' }), 150);
      else json(res, 503, { message: 'unavailable' });
    },
    async (url) => {
      const client = new AivenClient({ baseUrl: url, retry: { baseDelayMs: 2000, maxDelayMs: 2000 } });
      const stop = new AbortController();
      const creating = client.createOrganization({ organization_name: 'x' }, { stop: stop.signal });
      setTimeout(() => stop.abort(new Error('stopped by terraform')), 30);
      assert.equal((await creating).organization_id, 'org1', 'the in-flight create completed');

      const stop2 = new AbortController();
      const started = Date.now();
      const listing = client.listOrganizations({ stop: stop2.signal });
      setTimeout(() => stop2.abort(new Error('stopped by terraform')), 100);
      await assert.rejects(listing, /stopped by terraform/);
      assert.ok(Date.now() - started < 1500, 'the retry wait was cut short');
      assert.equal(n, 2, 'no second attempt of the GET');
    },
  );
});
