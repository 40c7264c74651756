/**
 * A loopback HTTP proxy in front of a test server: counts the requests that pass, and can stall chosen
 * requests (forward them upstream, so the server acts on them, but hold the answer back) to test
 * client timeouts. With `tls` it answers HTTPS (the upstream stays plain HTTP), as the real API does.
 * Used by the provider e2e tests and the refresh benchmark.
 */
import { createServer, request as httpRequest, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  method: string;
  path: string;
  userAgent: string;
  /** The Authorization header as sent (tests look for secrets with it; never print it). */
  authorization: string;
  /** The request body as text (filled in as it arrives; requests here are small JSON). */
  body: string;
}

export interface LoopbackProxy {
  url: string;
  /** Every request received, in order. */
  requests: ProxiedRequest[];
  /** Decides per request whether to hold its answer back (until the client gives up). */
  stallWhen(predicate: ((req: ProxiedRequest) => boolean) | undefined): void;
  /** How many answers were held back so far. */
  stalled(): number;
  /** Removes a request header before forwarding (e.g. to play a server that ignores it). */
  dropRequestHeader(name: string | undefined): void;
  /**
   * Rewrites the JSON answer to matching requests (e.g. to play a server whose answers hold fewer
   * fields); undefined stops rewriting.
   */
  rewriteAnswerWhen(predicate: ((req: ProxiedRequest) => boolean) | undefined, rewrite?: (body: unknown) => unknown): void;
  /**
   * When a request matches, the proxy goes away: it stops listening and drops every connection, that
   * request's included, without forwarding it. Later requests are refused (ECONNREFUSED).
   */
  goAwayWhen(predicate: ((req: ProxiedRequest) => boolean) | undefined): void;
  close(): Promise<void>;
}

export async function startLoopbackProxy(upstream: string, opts: { tls?: { key: string; cert: string } } = {}): Promise<LoopbackProxy> {
  const target = new URL(upstream);
  const requests: ProxiedRequest[] = [];
  let stallPredicate: ((req: ProxiedRequest) => boolean) | undefined;
  let stalledCount = 0;
  let droppedHeader: string | undefined;
  let goAwayPredicate: ((req: ProxiedRequest) => boolean) | undefined;
  let rewriteWhen: { predicate: (req: ProxiedRequest) => boolean; rewrite: (body: unknown) => unknown } | undefined;
  const held = new Set<IncomingMessage>();

  const handle: RequestListener = (req, res) => {
    const seen: ProxiedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      userAgent: String(req.headers['user-agent'] ?? ''),
      authorization: String(req.headers.authorization ?? ''),
      body: '',
    };
    req.on('data', (chunk: Buffer) => {
      if (seen.body.length < 65_536) seen.body += chunk.toString('utf8');
    });
    requests.push(seen);
    if (goAwayPredicate?.(seen)) {
      server.close();
      server.closeAllConnections();
      req.socket.destroy();
      return;
    }
    const stall = stallPredicate?.(seen) ?? false;
    const headers: Record<string, string | string[] | undefined> = { ...req.headers, host: target.host };
    if (droppedHeader) delete headers[droppedHeader];
    const upstreamReq = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers,
      },
      (upstreamRes) => {
        if (stall) {
          // The server has done the work; the client never hears about it.
          stalledCount++;
          held.add(upstreamRes);
          upstreamRes.resume();
          return;
        }
        if (rewriteWhen?.predicate(seen)) {
          const { rewrite } = rewriteWhen;
          let text = '';
          upstreamRes.setEncoding('utf8');
          upstreamRes.on('data', (chunk: string) => (text += chunk));
          upstreamRes.on('end', () => {
            const body = JSON.stringify(rewrite(JSON.parse(text)));
            const headers = { ...upstreamRes.headers, 'content-length': String(Buffer.byteLength(body)) };
            delete headers['transfer-encoding'];
            res.writeHead(upstreamRes.statusCode ?? 502, headers);
            res.end(body);
          });
          return;
        }
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    upstreamReq.on('error', (err) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy: ${err.message}`);
    });
    req.pipe(upstreamReq);
  };
  const server: Server = opts.tls ? createHttpsServer(opts.tls, handle) : createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    stallWhen(predicate) {
      stallPredicate = predicate;
    },
    stalled: () => stalledCount,
    dropRequestHeader(name) {
      droppedHeader = name?.toLowerCase();
    },
    goAwayWhen(predicate) {
      goAwayPredicate = predicate;
    },
    rewriteAnswerWhen(predicate, rewrite) {
      rewriteWhen = predicate && rewrite ? { predicate, rewrite } : undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
