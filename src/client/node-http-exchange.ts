/**
 * The typed client's default HTTP: one request and its whole answer, over node:http / node:https with
 * keep-alive agents, which a caller may replace (a proxy agent, say). Node's global fetch (undici)
 * costs several times more per request in a fresh process. The provider, which terraform starts
 * afresh for every step of a command, uses ./http1-exchange.ts instead.
 */
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest, type AgentOptions } from 'node:https';
import { CONNECT_TIMEOUT, type HttpExchange } from './http-exchange.js';

export { CONNECT_TIMEOUT, type HttpExchange, type HttpExchangeRequest, type HttpExchangeResponse } from './http-exchange.js';

export interface NodeHttpExchangeOptions {
  /**
   * Makes the agent for HTTPS requests, called on the first one only (the provider uses it to read
   * deferred extra CA certificates only when needed). Default: a keep-alive agent with Node's trust.
   */
  httpsAgent?: () => Promise<HttpsAgent>;
  /** How long connecting (DNS, TCP and TLS) may take before failing with {@link CONNECT_TIMEOUT}. Default 10 s, as undici's. */
  connectTimeoutMs?: number;
}

/**
 * Agent options for the client's connections: kept alive between requests (a terraform run makes many
 * against one host), reusing the most recently used socket first, which is the least likely to have
 * been closed by the server as idle.
 */
export const keepAliveAgentOptions: AgentOptions = { keepAlive: true, scheduling: 'lifo' };

export function createNodeHttpExchange(options: NodeHttpExchangeOptions = {}): HttpExchange {
  // Made on the first request: node:http's agent then loads only in processes that make one.
  let httpAgent: HttpAgent | undefined;
  const makeHttpsAgent = options.httpsAgent ?? (async () => new HttpsAgent(keepAliveAgentOptions));
  let httpsAgent: Promise<HttpsAgent> | undefined;
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  return async (request) => {
    const url = new URL(request.url);
    const secure = url.protocol === 'https:';
    const agent = secure ? await (httpsAgent ??= makeHttpsAgent()) : (httpAgent ??= new HttpAgent(keepAliveAgentOptions));
    request.signal?.throwIfAborted();
    return new Promise((resolve, reject) => {
      const headers = request.body === undefined ? request.headers : { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) };
      const req = (secure ? httpsRequest : httpRequest)(url, { method: request.method, headers, agent });
      const onAbort = () => req.destroy(request.signal!.reason);
      request.signal?.addEventListener('abort', onAbort, { once: true });
      const fail = (err: Error) => {
        request.signal?.removeEventListener('abort', onAbort);
        reject(request.signal?.aborted ? request.signal.reason : err);
      };
      limitConnectTime(req, secure ? 'secureConnect' : 'connect', connectTimeoutMs);
      // Errors of the request come before any answer; after it, the answer reports them.
      req.on('error', (err: NodeJS.ErrnoException) => fail(req.reusedSocket ? Object.assign(err, { reusedSocket: true }) : err));
      req.on('response', (res: IncomingMessage) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('error', fail);
        // The connection closing mid-answer (not every Node version reports it as an error).
        res.on('close', () => res.complete || fail(Object.assign(new Error('connection closed before the answer was complete'), { code: 'ECONNRESET' })));
        res.on('end', () => {
          request.signal?.removeEventListener('abort', onAbort);
          resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', header: (name) => headerValue(res, name), body });
        });
      });
      req.end(request.body);
    });
  };
}

/** Destroys the request with {@link CONNECT_TIMEOUT} if a new connection is not ready in time (a reused one is). */
function limitConnectTime(req: ClientRequest, readyEvent: 'connect' | 'secureConnect', ms: number): void {
  req.once('socket', (socket) => {
    if (req.reusedSocket) return;
    const timer = setTimeout(() => {
      req.destroy(Object.assign(new Error(`could not connect within ${ms} ms`), { code: CONNECT_TIMEOUT }));
    }, ms);
    const clear = () => clearTimeout(timer);
    socket.once(readyEvent, clear);
    socket.once('close', clear);
  });
}

function headerValue(res: IncomingMessage, name: string): string | undefined {
  const value = res.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}
