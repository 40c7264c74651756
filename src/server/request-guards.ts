// Answers given before any body is read, and what happens to a body nobody will read:
//   - HTTP/1.1 without a Host header: 400 with the Aiven body (Node's own answer has no body, so
//     the server turns that check off and makes it here);
//   - a body in a Content-Encoding Tessera does not decode, or in a charset other than UTF-8: 415;
//   - whenever the answer goes out before the request body was read (401, 415, 413, /healthz with a
//     body…), the connection is closed after the answer instead of reading and discarding the body
//     (a client declaring 1 GiB would otherwise make the server read 1 GiB);
//   - requests that are not HTTP, or that do not arrive in time: answered on the socket (408, 431, 400);
//   - an Expect header other than 100-continue: 417 (Node's own answer has no body).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { errorBody } from './errors.js';
import { charsetOf } from './request-text.js';

/** Does the request declare a body? (No Content-Length and no Transfer-Encoding, or length 0: no.) */
export function declaresBody(headers: FastifyRequest['headers']): boolean {
  if (headers['transfer-encoding'] !== undefined) return true;
  const length = headers['content-length'];
  return length !== undefined && length !== '0';
}

export function requestGuard(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const headers = request.headers;
  if (headers.host === undefined && request.raw.httpVersion === '1.1') {
    reply.code(400).header('connection', 'close').send(errorBody(400, 'bad_http_request', 'HTTP/1.1 requests need a Host header'));
    return;
  }
  if (declaresBody(headers)) {
    const encoding = headers['content-encoding']?.trim().toLowerCase();
    if (encoding !== undefined && encoding !== '' && encoding !== 'identity') {
      reply.code(415).send(errorBody(415, 'unsupported_media_type', `Content-Encoding '${encoding}' is not supported; send the body uncompressed`));
      return;
    }
    const charset = charsetOf(headers['content-type']);
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      reply.code(415).send(errorBody(415, 'unsupported_media_type', `charset '${charset}' is not supported; send UTF-8`));
      return;
    }
  }
  done();
}

/** How long a connection whose body was not read stays open after the answer, unread, for the client to read it. */
const LINGER_MS = 1000;

/**
 * onSend: an answer sent before the whole request arrived closes the connection, and the rest of the
 * body is not read. Node would read and discard it (to reuse the connection), then close; instead the
 * socket stops reading (the client's sends block, costing the server nothing), sends the answer and
 * its FIN, and is destroyed a moment later. Closing at once with unread bytes would reset the
 * connection, and a reset can make the client lose the answer it has not read yet.
 */
export function closeIfBodyUnread(request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (error: null, payload: unknown) => void): void {
  // (`complete` alone is not enough: an answer given synchronously from onRequest, such as a 401 for a
  // malformed token, goes out before Node has marked even a bodyless request complete)
  if (declaresBody(request.headers) && !request.raw.complete) {
    reply.header('connection', 'close');
    const socket = request.raw.socket as Socket & { destroySoon?: () => void };
    // Node calls destroySoon once the answer is written (for a "connection: close" response)
    socket.destroySoon = function lingeringClose(this: Socket) {
      this.pause(); // the HTTP server stops reading the handle on 'pause'
      if (this.writable) this.end();
      const timer = setTimeout(() => this.destroy(), LINGER_MS);
      timer.unref();
      this.once('close', () => clearTimeout(timer));
    };
  }
  done(null, payload);
}

const SOCKET_ANSWERS: Record<string, [number, string, string, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'request_timeout', 'the request was not received in time'],
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'bad_http_request', 'request headers too large'],
};

/** Node's clientError: a request that is not HTTP, too large in its headers, or too slow to arrive. */
export function answerOnSocket(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) return;
  const [status, reason, code, message] = SOCKET_ANSWERS[error.code ?? ''] ?? [400, 'Bad Request', 'bad_http_request', 'malformed HTTP request'];
  const body = JSON.stringify(errorBody(status, code, message));
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\n` +
      `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** Node's checkExpectation: an Expect header other than 100-continue. */
export function answerExpectationFailed(_request: IncomingMessage, response: ServerResponse): void {
  const body = JSON.stringify(errorBody(417, 'expectation_failed', 'only "Expect: 100-continue" is supported'));
  response.writeHead(417, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), connection: 'close' });
  response.end(body);
}
