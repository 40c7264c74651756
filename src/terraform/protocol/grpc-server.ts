/**
 * The gRPC side of the plugin, loaded only after the handshake line is out: a grpc-js server with the
 * provider and go-plugin services, fed connections that the already-listening unix socket accepted
 * (grpc-js's connection injector). With AutoMTLS the connection reaches gRPC only after our own TLS
 * handshake has found terraform's client certificate (./mutual-tls.ts says why not grpc-js's TLS).
 */
import { Server, ServerCredentials } from '@grpc/grpc-js';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { serviceDefinition } from './grpc-services.js';
import type { Logger } from './log.js';
import { createMutualTls } from './mutual-tls.js';
import {
  brokerImplementation,
  controllerImplementation,
  healthImplementation,
  OpenStreams,
  stdioImplementation,
} from './plugin-services.js';
import { providerServiceImplementation } from './provider-service.js';
import type { ServerCertificate } from './tls-cert.js';
import type { ProviderServer } from './types.js';

export interface GrpcPluginServer {
  /** Hands an accepted socket to gRPC (TLS, HTTP/2 and the services). */
  accept(socket: Socket): void;
  /**
   * Ends open streams and sessions; calls back once every connection has written all it had to say
   * (answers, GOAWAY, its end), or after `graceMs`.
   */
  close(graceMs: number, done: () => void): void;
}

export interface GrpcPluginServerOptions {
  provider: () => Promise<ProviderServer>;
  log: Logger;
  /** Present with AutoMTLS: our certificate, and the client certificate terraform will present. */
  tls?: { server: ServerCertificate; clientCertPem: string };
  onShutdown: () => void;
}

export function createGrpcPluginServer(opts: GrpcPluginServerOptions): GrpcPluginServer {
  const streams = new OpenStreams();
  const server = new Server({
    // One client (terraform) on a local socket: no need for keepalive pings or large defaults.
    'grpc.max_receive_message_length': 256 * 1024 * 1024,
    'grpc.max_send_message_length': 256 * 1024 * 1024,
    // Nobody queries channelz here; without it grpc-js skips its per-call and per-session bookkeeping.
    'grpc.enable_channelz': 0,
  });
  server.addService(serviceDefinition('tfplugin6.Provider'), providerServiceImplementation(opts.provider, opts.log));
  server.addService(serviceDefinition('grpc.health.v1.Health'), healthImplementation(streams));
  server.addService(serviceDefinition('plugin.GRPCController'), controllerImplementation(opts.onShutdown));
  server.addService(serviceDefinition('plugin.GRPCStdio'), stdioImplementation(streams));
  server.addService(serviceDefinition('plugin.GRPCBroker'), brokerImplementation(streams));

  const injector = server.createConnectionInjector(ServerCredentials.createInsecure());
  const mutualTls = opts.tls ? createMutualTls(opts.tls.server, opts.tls.clientCertPem, opts.log) : undefined;

  const connections = new Set<Duplex>();
  const serveConnection = (connection: Duplex) => {
    connections.add(connection);
    connection.once('close', () => connections.delete(connection));
    injector.injectConnection(connection);
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
    close(graceMs, done) {
      streams.endAll();
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        done();
      };
      const timer = setTimeout(() => {
        server.forceShutdown();
        finish();
      }, graceMs);
      timer.unref();
      // tryShutdown and drain close the sessions gracefully (GOAWAY; each ends once its open streams,
      // the Shutdown answer among them, are done). tryShutdown's own callback is no sign that anything
      // was written: on Node >= 24 Http2Server.close() already marks every session closed, and grpc-js
      // then reports those sessions as finished at once, before their last answers are out (exiting
      // then dropped the Shutdown answer: the host saw "Connection dropped").
      server.tryShutdown(() => {});
      injector.drain(graceMs);
      // Closing sessions ends their sockets once the last answers are written: that is the moment to
      // go, sooner than waiting for terraform to hang up too.
      whenAllWritten(connections, () => {
        clearTimeout(timer);
        finish();
      });
    },
  };
}

/** Calls `then` once each connection has finished writing (its end was flushed) or closed. */
function whenAllWritten(connections: Iterable<Duplex>, then: () => void): void {
  let pending = 0;
  for (const connection of connections) {
    if (connection.writableFinished || connection.destroyed) continue;
    pending++;
    let counted = false;
    const done = () => {
      if (counted) return;
      counted = true;
      if (--pending === 0) then();
    };
    connection.once('finish', done);
    connection.once('close', done);
  }
  if (pending === 0) then();
}
