/**
 * The gRPC side of the plugin, loaded only after the handshake line is out: the provider and go-plugin
 * services on our own HTTP/2 server (./http2/), fed connections that the already-listening unix socket
 * accepted. With AutoMTLS the connection reaches HTTP/2 only after our own TLS handshake has found
 * terraform's client certificate (./mutual-tls.ts says why not a TLS server's).
 *
 * Why neither grpc-js nor node:http2: the plugin serves one client (terraform's grpc-go) on a local
 * socket, with no compression, deadlines, keepalive, name resolution or load balancing, and terraform
 * starts it 3-5 times per command. grpc-js was most of the after-handshake bundle and a layer of
 * interceptors, listeners and stream objects on every call; node:http2 cost every launch its loading
 * and every call its stream machinery (./http2/server-connection.ts). The few rules gRPC's wire format
 * has (./grpc-wire.ts) are what this file needs. The protocol README gives the measurements. The test
 * suite still calls the plugin through grpc-js's client, an independent implementation.
 */
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { WireMessage } from './fromproto.js';
import type { ServiceImplementation, StreamingCall, StreamingHandler, UnaryHandler } from './grpc-calls.js';
import { serviceDefinition, type MethodDefinition } from './grpc-services.js';
import { encodeGrpcMessage, frameMessage, GrpcError, GrpcStatus, MessageReader, type GrpcStatusCode } from './grpc-wire.js';
import { ServerConnection } from './http2/server-connection.js';
import type { ServerStream } from './http2/server-stream.js';
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

  const mutualTls = opts.tls ? createMutualTls(opts.tls.server, opts.tls.clientCertDer, log) : undefined;
  const connections = new Set<ServerConnection>();
  const serveConnection = (socket: Duplex) => {
    const connection = new ServerConnection(socket, {
      onStream: (stream) => serveCall(stream, methods, log),
      onProtocolError: (message) => log.debug('HTTP/2', { error: message }),
    });
    connections.add(connection);
    connection.onClose(() => connections.delete(connection));
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
      // End what this side holds open and say GOAWAY; the connections write those frames on the next
      // tick, before the immediate below. Nothing waits for the client to hang up: once Shutdown is
      // answered (serve.ts closes only then) go-plugin ignores the rest, and terraform waits for this
      // process to exit before it goes on, on each of its 3-5 launches per command.
      streams.endAll();
      for (const connection of connections) connection.close();
      setImmediate(() => {
        for (const connection of connections) connection.destroy();
        done();
      });
    },
  };
}

/** The response headers of every call that answers; trailers follow the messages. */
const GRPC_RESPONSE_HEADERS = [[':status', '200'], ['content-type', 'application/grpc']] as const;
const OK_TRAILERS = [['grpc-status', '0']] as const;

function serveCall(stream: ServerStream, methods: Map<string, Method>, log: Logger): void {
  const { headers } = stream;
  const contentType = headers['content-type'];
  if (headers[':method'] !== 'POST' || contentType === undefined || !contentType.startsWith('application/grpc')) {
    stream.respond([[':status', '415'], ['content-type', 'text/plain']]);
    stream.write(Buffer.from('this is a gRPC server: POST with content-type application/grpc\n'));
    stream.end();
    return;
  }
  const method = methods.get(headers[':path']);
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

function serveUnary(stream: ServerStream, definition: MethodDefinition, handler: UnaryHandler, log: Logger): void {
  const reader = new MessageReader(MAX_MESSAGE_BYTES);
  let request: Buffer | undefined;
  let failed = false;
  stream.onData((chunk) => {
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
  stream.onEnd(() => {
    if (failed) return;
    if (request === undefined || reader.partial) {
      endWithStatus(stream, GrpcStatus.INVALID_ARGUMENT, `${definition.path} got no complete request message`);
      return;
    }
    let response: WireMessage | Promise<WireMessage>;
    try {
      response = handler(definition.requestDeserialize(request), { onClose: (listener) => stream.onClose(listener) });
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

function sendResponse(stream: ServerStream, definition: MethodDefinition, response: WireMessage, log: Logger): void {
  if (stream.closed) return; // cancelled by the client meanwhile
  let bytes: Buffer;
  try {
    bytes = definition.responseSerialize(response);
  } catch (err) {
    endWithError(stream, err, log);
    return;
  }
  stream.respond(GRPC_RESPONSE_HEADERS);
  stream.write(frameMessage(bytes));
  stream.end(OK_TRAILERS);
}

function serveStreaming(stream: ServerStream, definition: MethodDefinition, handler: StreamingHandler): void {
  const messageListeners: Array<(message: WireMessage) => void> = [];
  const endListeners: Array<() => void> = [];
  const over = () => stream.closed || stream.endRequested;
  stream.respond(GRPC_RESPONSE_HEADERS);
  const finish = (code: GrpcStatusCode, message?: string) => {
    if (over()) return;
    stream.end(message === undefined ? [['grpc-status', String(code)]] : [['grpc-status', String(code)], ['grpc-message', encodeGrpcMessage(message)]]);
  };
  const call: StreamingCall = {
    write: (message) => {
      if (!over()) stream.write(frameMessage(definition.responseSerialize(message)));
    },
    end: () => finish(GrpcStatus.OK),
    onMessage: (listener) => messageListeners.push(listener),
    onEnd: (listener) => endListeners.push(listener),
    onClose: (listener) => stream.onClose(listener),
  };

  const reader = new MessageReader(MAX_MESSAGE_BYTES);
  let started = false;
  const start = (request: WireMessage | undefined) => {
    started = true;
    handler(call, request);
  };
  if (definition.requestStream) start(undefined);
  stream.onData((chunk) => {
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
  stream.onEnd(() => {
    if (!started) {
      finish(GrpcStatus.INVALID_ARGUMENT, `${definition.path} got no request message`);
      return;
    }
    for (const listener of endListeners) listener();
  });
}

/** Ends a call that has sent nothing yet with a status (gRPC's "trailers-only" answer). */
function endWithStatus(stream: ServerStream, code: GrpcStatusCode, message: string): void {
  if (stream.closed || stream.headersSent) return;
  stream.respond(
    [...GRPC_RESPONSE_HEADERS, ['grpc-status', String(code)], ['grpc-message', encodeGrpcMessage(message)]],
    true,
  );
}

function endWithError(stream: ServerStream, err: unknown, log: Logger): void {
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
