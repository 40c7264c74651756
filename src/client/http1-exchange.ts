/**
 * The provider's HTTP: an {@link HttpExchange} that writes HTTP/1.1 requests on kept-alive net/tls
 * connections itself and reads the answers with ./http1-response.ts.
 *
 * Why not node:http here: terraform starts the provider afresh for each of the 3-5 steps of a command,
 * and node:http's client is cold in each: loading it (with its agent, parser and message classes) and
 * compiling its functions on first use cost a fresh process ~40 ms of CPU for 50 requests, against
 * ~13 ms for this code, which the plugin's build-time code cache also holds compiled (the provider's
 * code-cache warm-up calls the API through it). The typed client's default stays node:http
 * (./node-http-exchange.ts), which long-lived processes and custom agents (proxies) want.
 *
 * What it does as node:http's keep-alive agent did for this client: one idle pool per origin, the most
 * recently used connection first, idle connections that do not keep the process alive and are dropped
 * when the server closes them; `reusedSocket` on an error of a reused connection that answered nothing
 * (the retry policy then knows the request was not processed); a connect timeout; abort by signal.
 * Certificates are checked as tls.connect does (the trust store given, or Node's, and the host name).
 */
import { isIP, connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { CONNECT_TIMEOUT, type HttpExchange, type HttpExchangeRequest, type HttpExchangeResponse } from './http-exchange.js';
import { type Http1Response, Http1ResponseReader } from './http1-response.js';

export interface Http1ExchangeOptions {
  /**
   * The CA certificates (PEM) HTTPS connections trust, asked for on the first HTTPS request only; when
   * absent or resolving to undefined, Node's default trust.
   */
  tlsCa?: () => Promise<string[] | undefined>;
  /** How long connecting (TCP and TLS) may take before failing with {@link CONNECT_TIMEOUT}. Default 10 s. */
  connectTimeoutMs?: number;
}

/** Header names and values may not carry line breaks (they would start another header). */
const UNSAFE_HEADER_TEXT = /[\r\n\0]/;

export function createHttp1Exchange(options: Http1ExchangeOptions = {}): HttpExchange {
  const idle = new Map<string, Socket[]>();
  let tlsCa: Promise<string[] | undefined> | undefined;
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;

  /** The listener that drops each idle connection, removed when the connection is taken again. */
  const dropWhenIdle = new WeakMap<Socket, () => void>();
  const IDLE_EVENTS = ['data', 'end', 'error', 'close'] as const;

  const takeIdle = (origin: string): Socket | undefined => {
    const socket = idle.get(origin)?.pop();
    if (socket) {
      const drop = dropWhenIdle.get(socket)!;
      for (const event of IDLE_EVENTS) socket.removeListener(event, drop);
      socket.ref();
    }
    return socket;
  };

  const keepIdle = (origin: string, socket: Socket) => {
    let sockets = idle.get(origin);
    if (!sockets) idle.set(origin, (sockets = []));
    sockets.push(socket);
    // An idle connection keeps no process alive, and is forgotten when the server ends it (or sends
    // anything: no answer is due).
    socket.unref();
    const drop = () => {
      const at = sockets!.indexOf(socket);
      if (at >= 0) sockets!.splice(at, 1);
      socket.destroy();
    };
    dropWhenIdle.set(socket, drop);
    for (const event of IDLE_EVENTS) socket.on(event, drop);
  };

  return async (request) => {
    const url = new URL(request.url);
    const secure = url.protocol === 'https:';
    if (!secure && url.protocol !== 'http:') throw new TypeError(`only http: and https: URLs, not ${url.protocol}`);
    const head = requestHead(request, url);
    const ca = secure && options.tlsCa ? await (tlsCa ??= options.tlsCa()) : undefined;
    request.signal?.throwIfAborted();
    const origin = `${url.protocol}//${url.host}`;
    const reused = takeIdle(origin);
    const socket = reused ?? openConnection(url, secure, ca, connectTimeoutMs);
    return send(socket, reused !== undefined, head, request, () => keepIdle(origin, socket));
  };
}

function requestHead(request: HttpExchangeRequest, url: URL): string {
  const body = request.body;
  let head = `${request.method} ${url.pathname}${url.search} HTTP/1.1\r\nhost: ${url.host}\r\n`;
  for (const name of Object.keys(request.headers)) {
    const value = request.headers[name];
    if (UNSAFE_HEADER_TEXT.test(name) || UNSAFE_HEADER_TEXT.test(value)) throw new TypeError(`header ${JSON.stringify(name)} holds a line break or NUL`);
    if (name.toLowerCase() === 'host' || name.toLowerCase() === 'content-length') continue;
    head += `${name}: ${value}\r\n`;
  }
  if (body !== undefined) head += `content-length: ${Buffer.byteLength(body)}\r\n`;
  return `${head}\r\n`;
}

function openConnection(url: URL, secure: boolean, ca: string[] | undefined, connectTimeoutMs: number): Socket {
  // URL keeps an IPv6 literal's brackets in hostname.
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const port = Number(url.port || (secure ? 443 : 80));
  const socket = secure
    ? tlsConnect({ host, port, ALPNProtocols: ['http/1.1'], ...(isIP(host) ? {} : { servername: host }), ...(ca ? { ca } : {}) }).setNoDelay(true)
    : netConnect({ host, port, noDelay: true });
  const timer = setTimeout(() => {
    socket.destroy(Object.assign(new Error(`could not connect within ${connectTimeoutMs} ms`), { code: CONNECT_TIMEOUT }));
  }, connectTimeoutMs);
  const clear = () => clearTimeout(timer);
  socket.once(secure ? 'secureConnect' : 'connect', clear);
  socket.once('close', clear);
  return socket;
}

function send(socket: Socket, reused: boolean, head: string, request: HttpExchangeRequest, keepIdle: () => void): Promise<HttpExchangeResponse> {
  return new Promise((resolve, reject) => {
    const reader = new Http1ResponseReader(request.method);
    const { signal } = request;
    let settled = false;
    const settle = (error: Error | undefined, response?: HttpExchangeResponse) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      socket.removeListener('data', onData).removeListener('end', onEnd).removeListener('error', onError).removeListener('close', onEnd);
      // What the connection reports from now on concerns no request (an idle one's listeners take over).
      if (!socket.listenerCount('error')) socket.on('error', ignore);
      if (error) {
        socket.destroy();
        reject(error);
      } else {
        resolve(response!);
      }
    };
    const onAbort = () => settle(signal!.reason as Error);
    const failure = (err: Error) => (reused && !reader.started ? Object.assign(err, { reusedSocket: true }) : err);
    const onData = (chunk: Buffer) => {
      try {
        reader.push(chunk);
      } catch (err) {
        settle(err as Error);
        return;
      }
      const answer = reader.response;
      if (!answer) return;
      settle(undefined, toExchangeResponse(answer));
      if (answer.keepAlive && reader.extraBytes === 0) keepIdle();
      else socket.end();
    };
    const onEnd = () => {
      try {
        reader.end();
      } catch (err) {
        settle(failure(err as Error));
        return;
      }
      settle(undefined, toExchangeResponse(reader.response!));
      socket.destroy();
    };
    const onError = (err: Error) => settle(failure(err));
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('data', onData).on('end', onEnd).on('error', onError).on('close', onEnd);
    socket.write(request.body === undefined ? head : head + request.body);
  });
}

function ignore(): void {}

function toExchangeResponse(answer: Http1Response): HttpExchangeResponse {
  return { status: answer.status, statusText: answer.statusText, header: (name) => answer.headers.get(name.toLowerCase()), body: answer.body };
}
