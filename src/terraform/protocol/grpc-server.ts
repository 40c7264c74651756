/**
 * The gRPC side of the plugin, loaded only after the handshake line is out: the provider and go-plugin
 * services on Node's HTTP/2 server, fed connections that the already-listening unix socket accepted.
 * With AutoMTLS the connection reaches HTTP/2 only after our own TLS handshake has found terraform's
 * client certificate (./mutual-tls.ts says why not a TLS server's).
 *
 * Why not grpc-js: the plugin serves one client (terraform's grpc-go) on a local socket, with no
 * compression, deadlines, keepalive, name resolution or load balancing, and terraform starts it 3-5
 * times per command. grpc-js was most of the after-handshake bundle (its code cache, its module set-up)
 * and a layer of interceptors, listeners and stream objects on every call; the few rules gRPC's wire
 * format has (./grpc-wire.ts) are what this file needs. The protocol README gives the measurements.
 * The test suite still calls the plugin through grpc-js's client, an independent implementation.
 */
import { createServer as createHttp2Server, type IncomingHttpHeaders, type ServerHttp2Session, type ServerHttp2Stream } from 'node:http2';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { WireMessage } from './fromproto.js';
import type { ServiceImplementation, StreamingCall, StreamingHandler, UnaryHandler } from './grpc-calls.js';
import { serviceDefinition, type MethodDefinition } from './grpc-services.js';
import { encodeGrpcMessage, frameMessage, GrpcError, GrpcStatus, MessageReader, type GrpcStatusCode } from './grpc-wire.js';
import type { Logger } from './log.js';
import { createMutualTls } from './mutual-tls.js';
import { brokerImplementation, controllerImplementation, healthImplementation, OpenStreams, stdioImplementation } from './plugin-services.js';
import { providerServiceImplementation } from './provider-service.js';
import type { ServerCertificate } from './tls-cert.js';
import type { ProviderServer } from './types.js';

export interface GrpcPluginServer {
  /** Hands an accepted socket to gRPC (TLS, HTTP/2 and the services). */
  accept(socket: Socket): void;
  /**
   * Ends open streams, says GOAWAY and drops the connections, on the next turn of the event loop;
   * then calls back. Answers not yet sent are lost: close once the last one that matters is out.
   */
  close(done: () => void): void;
}

export interface GrpcPluginServerOptions {
  provider: () => Promise<ProviderServer>;
  log: Logger;
  /** Present with AutoMTLS: our certificate, and the client certificate (DER) terraform will present. */
  tls?: { server: ServerCertificate; clientCertDer: Buffer };
  onShutdown: () => void;
}

/** Terraform's plans and states can be large; grpc-go on its side allows as much. */
const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

interface Method {
  definition: MethodDefinition;
  handler: UnaryHandler | StreamingHandler;
}

export function createGrpcPluginServer(opts: GrpcPluginServerOptions): GrpcPluginServer {
  const { log } = opts;
  const streams = new OpenStreams();
  const methods = new Map<string, Method>();
  const register = (service: string, implementation: ServiceImplementation) => {
    for (const definition of Object.values(serviceDefinition(service))) {
      const handler: UnaryHandler | StreamingHandler | undefined = implementation[definition.originalName];
      if (handler !== undefined) methods.set(definition.path, { definition, handler });
    }
  };
  register('tfplugin6.Provider', providerServiceImplementation(opts.provider, log));
  register('grpc.health.v1.Health', healthImplementation(streams));
  register('plugin.GRPCController', controllerImplementation(opts.onShutdown));
  register('plugin.GRPCStdio', stdioImplementation(streams));
  register('plugin.GRPCBroker', brokerImplementation(streams));

  // Node's session memory limit (10 MB by default) counts the messages in flight: room for the largest.
  const http2 = createHttp2Server({ maxSessionMemory: (2 * MAX_MESSAGE_BYTES) / (1024 * 1024) });
  const sessions = new Set<ServerHttp2Session>();
  http2.on('session', (session: ServerHttp2Session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
    session.on('error', (err) => log.debug('HTTP/2 session failed', { error: err.message }));
  });
  http2.on('stream', (stream: ServerHttp2Stream, headers: IncomingHttpHeaders) => serveCall(stream, headers, methods, log));

  const mutualTls = opts.tls ? createMutualTls(opts.tls.server, opts.tls.clientCertDer, log) : undefined;
  const connections = new Set<Duplex>();
  const serveConnection = (connection: Duplex) => {
    connections.add(connection);
    connection.once('close', () => connections.delete(connection));
    http2.emit('connection', connection);
  };

  return {
    accept(socket) {
      if (mutualTls) {
        // TLS takes over the socket's handle and reads by itself, paused or not.
        mutualTls.accept(socket, serveConnection);
        return;
      }
      serveConnection(socket);
      // Sockets arrive paused (accepted before gRPC was loaded); plain HTTP/2 reads through the socket.
      socket.resume();
    },
    close(done) {
      // End what this side holds open and say GOAWAY; Node's HTTP/2 writes those frames from a native
      // immediate, which runs before the one below. Nothing waits for the client to hang up: once
      // Shutdown is answered (serve.ts closes only then) go-plugin ignores the rest, and terraform
      // waits for this process to exit before it goes on, on each of its 3-5 launches per command.
      streams.endAll();
      for (const session of sessions) session.close();
      setImmediate(() => {
        // The connections first: a session whose socket is gone closes without ending it again.
        for (const connection of connections) connection.destroy();
        for (const session of sessions) session.destroy();
        done();
      });
    },
  };
}

function serveCall(stream: ServerHttp2Stream, headers: IncomingHttpHeaders, methods: Map<string, Method>, log: Logger): void {
  // A stream the client resets emits an error; the call is then simply over.
  stream.on('error', (err) => log.debug('gRPC stream failed', { path: headers[':path'], error: err.message }));
  const contentType = headers['content-type'];
  if (headers[':method'] !== 'POST' || typeof contentType !== 'string' || !contentType.startsWith('application/grpc')) {
    stream.respond({ ':status': 415, 'content-type': 'text/plain' }, { endStream: false });
    stream.end('this is a gRPC server: POST with content-type application/grpc\n');
    return;
  }
  const method = methods.get(headers[':path'] ?? '');
  if (!method) {
    endWithStatus(stream, GrpcStatus.UNIMPLEMENTED, `unknown method ${headers[':path']}`);
    return;
  }
  const encoding = headers['grpc-encoding'];
  if (encoding !== undefined && encoding !== 'identity') {
    endWithStatus(stream, GrpcStatus.UNIMPLEMENTED, `grpc-encoding ${encoding} is not supported (identity only)`);
    return;
  }
  const { definition } = method;
  if (!definition.requestStream && !definition.responseStream) serveUnary(stream, definition, method.handler as UnaryHandler, log);
  else serveStreaming(stream, definition, method.handler as StreamingHandler);
}

function serveUnary(stream: ServerHttp2Stream, definition: MethodDefinition, handler: UnaryHandler, log: Logger): void {
  const reader = new MessageReader(MAX_MESSAGE_BYTES);
  let request: Buffer | undefined;
  let failed = false;
  stream.on('data', (chunk: Buffer) => {
    if (failed) return;
    try {
      for (const message of reader.push(chunk)) {
        if (request !== undefined) throw new GrpcError(GrpcStatus.INVALID_ARGUMENT, `${definition.path} takes one request message, not several`);
        request = message;
      }
    } catch (err) {
      failed = true;
      endWithError(stream, err, log);
    }
  });
  stream.once('end', () => {
    if (failed) return;
    if (request === undefined || reader.partial) {
      endWithStatus(stream, GrpcStatus.INVALID_ARGUMENT, `${definition.path} got no complete request message`);
      return;
    }
    let response: WireMessage | Promise<WireMessage>;
    try {
      response = handler(definition.requestDeserialize(request), { onClose: (listener) => stream.once('close', listener) });
    } catch (err) {
      endWithError(stream, err, log);
      return;
    }
    if (response instanceof Promise) {
      response.then(
        (answer) => sendResponse(stream, definition, answer, log),
        (err: unknown) => endWithError(stream, err, log),
      );
    } else {
      sendResponse(stream, definition, response, log);
    }
  });
}

function sendResponse(stream: ServerHttp2Stream, definition: MethodDefinition, response: WireMessage, log: Logger): void {
  if (stream.destroyed || stream.closed) return; // cancelled by the client meanwhile
  let bytes: Buffer;
  try {
    bytes = definition.responseSerialize(response);
  } catch (err) {
    endWithError(stream, err, log);
    return;
  }
  stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
  stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
  stream.end(frameMessage(bytes));
}

function serveStreaming(stream: ServerHttp2Stream, definition: MethodDefinition, handler: StreamingHandler): void {
  const messageListeners: Array<(message: WireMessage) => void> = [];
  const endListeners: Array<() => void> = [];
  let status: { 'grpc-status': string; 'grpc-message'?: string } = { 'grpc-status': '0' };
  let ended = false;
  const over = () => ended || stream.destroyed || stream.closed;
  stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
  stream.once('wantTrailers', () => stream.sendTrailers(status));
  const finish = (code: GrpcStatusCode, message?: string) => {
    if (over()) return;
    ended = true;
    status = message === undefined ? { 'grpc-status': String(code) } : { 'grpc-status': String(code), 'grpc-message': encodeGrpcMessage(message) };
    stream.end();
  };
  const call: StreamingCall = {
    write: (message) => {
      if (!over()) stream.write(frameMessage(definition.responseSerialize(message)));
    },
    end: () => finish(GrpcStatus.OK),
    onMessage: (listener) => messageListeners.push(listener),
    onEnd: (listener) => endListeners.push(listener),
    onClose: (listener) => stream.once('close', listener),
  };

  const reader = new MessageReader(MAX_MESSAGE_BYTES);
  let started = false;
  const start = (request: WireMessage | undefined) => {
    started = true;
    handler(call, request);
  };
  if (definition.requestStream) start(undefined);
  stream.on('data', (chunk: Buffer) => {
    if (over()) return;
    try {
      for (const bytes of reader.push(chunk)) {
        const message = definition.requestDeserialize(bytes);
        if (!started) start(message);
        else if (definition.requestStream) for (const listener of messageListeners) listener(message);
      }
    } catch (err) {
      const failure = err instanceof GrpcError ? err : new GrpcError(GrpcStatus.INTERNAL, `bad request message: ${errorText(err)}`);
      finish(failure.code, failure.message);
    }
  });
  stream.once('end', () => {
    if (!started) {
      finish(GrpcStatus.INVALID_ARGUMENT, `${definition.path} got no request message`);
      return;
    }
    for (const listener of endListeners) listener();
  });
}

/** Ends a call that has sent nothing yet with a status (gRPC's "trailers-only" answer). */
function endWithStatus(stream: ServerHttp2Stream, code: GrpcStatusCode, message: string): void {
  if (stream.destroyed || stream.closed || stream.headersSent) return;
  stream.respond(
    { ':status': 200, 'content-type': 'application/grpc', 'grpc-status': String(code), 'grpc-message': encodeGrpcMessage(message) },
    { endStream: true },
  );
}

function endWithError(stream: ServerHttp2Stream, err: unknown, log: Logger): void {
  if (err instanceof GrpcError) {
    endWithStatus(stream, err.code, err.message);
    return;
  }
  log.error('gRPC call failed', { error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  endWithStatus(stream, GrpcStatus.INTERNAL, errorText(err));
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
