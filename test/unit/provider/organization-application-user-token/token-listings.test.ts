import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AivenClient } from '../../../../src/client/index.js';
import { TokenListings } from '../../../../src/provider/resources/organization-application-user-token/token-listings.js';

/** A tiny HTTP server answering token listings (after `delayMs`), counting the requests it gets. */
async function listingServer(delayMs = 20) {
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    setTimeout(() => {
      if (req.url?.includes('/application-users/gone/')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'gone', errors: [{ message: 'gone', status: 404, error_code: 'organization_user_not_found' }] }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ tokens: [{ token_prefix: `p${requests}` }] }));
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, requests: () => requests, close: () => new Promise<void>((r) => server.close(() => r())) };
}

test('concurrent reads of one user share one listing, and a recent result answers later reads', async () => {
  const server = await listingServer();
  try {
    const listings = new TokenListings(new AivenClient({ baseUrl: server.url, token: 't' }), 10_000);
    const results = await Promise.all(Array.from({ length: 50 }, () => listings.list('org1', 'u1')));
    assert.equal(server.requests(), 1);
    assert.ok(results.every((r) => r[0].token_prefix === 'p1'));
    await listings.list('org1', 'u1');
    assert.equal(server.requests(), 1);
    await listings.list('org1', 'u2');
    assert.equal(server.requests(), 2, 'another user gets its own listing');
    listings.invalidate('org1', 'u1');
    assert.equal((await listings.list('org1', 'u1'))[0].token_prefix, 'p3');
  } finally {
    await server.close();
  }
});

test('a result older than the window is fetched again; failures are not kept', async () => {
  const server = await listingServer(1);
  try {
    const listings = new TokenListings(new AivenClient({ baseUrl: server.url, token: 't' }), 30);
    await listings.list('org1', 'u1');
    await new Promise((r) => setTimeout(r, 60));
    await listings.list('org1', 'u1');
    assert.equal(server.requests(), 2);
    await assert.rejects(listings.list('org1', 'gone'), { status: 404 });
    await assert.rejects(listings.list('org1', 'gone'), { status: 404 });
    assert.equal(server.requests(), 4);
  } finally {
    await server.close();
  }
});

test('a reader whose deadline passes gets a timeout, not a hang', async () => {
  const server = await listingServer(500);
  try {
    const listings = new TokenListings(new AivenClient({ baseUrl: server.url, token: 't' }), 10_000);
    const started = Date.now();
    await assert.rejects(listings.list('org1', 'u1', { deadline: Date.now() + 50 }), { name: 'TimeoutError' });
    assert.ok(Date.now() - started < 400);
  } finally {
    await server.close();
  }
});
