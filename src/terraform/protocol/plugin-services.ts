/**
 * The services go-plugin's host expects beside the provider: grpc.health.v1.Health (the service
 * "plugin" is SERVING), plugin.GRPCController (Shutdown), plugin.GRPCStdio (a quiet stream: our logs go
 * to stderr directly) and plugin.GRPCBroker (opened by the host, unused by providers).
 */
import type {
  sendUnaryData,
  ServerDuplexStream,
  ServerUnaryCall,
  ServerWritableStream,
  UntypedServiceImplementation,
} from '@grpc/grpc-js';
import type { WireMessage } from './fromproto.js';

const SERVING = 1;

/** Streams held open until the process stops, so they can be ended cleanly at shutdown. */
export class OpenStreams {
  private readonly streams = new Set<{ end(): void }>();
  hold(stream: { end(): void; on(event: 'cancelled' | 'error' | 'finish', fn: () => void): unknown }): void {
    this.streams.add(stream);
    const release = () => this.streams.delete(stream);
    stream.on('cancelled', release);
    stream.on('error', release);
    stream.on('finish', release);
  }
  endAll(): void {
    for (const stream of this.streams) {
      try {
        stream.end();
      } catch {
        // already closed by the peer
      }
    }
    this.streams.clear();
  }
}

export function healthImplementation(streams: OpenStreams): UntypedServiceImplementation {
  return {
    Check: (_call: ServerUnaryCall<WireMessage, WireMessage>, callback: sendUnaryData<WireMessage>) =>
      callback(null, { status: SERVING }),
    Watch: (call: ServerWritableStream<WireMessage, WireMessage>) => {
      call.write({ status: SERVING });
      streams.hold(call);
    },
  };
}

export function controllerImplementation(onShutdown: () => void): UntypedServiceImplementation {
  return {
    Shutdown: (_call: ServerUnaryCall<WireMessage, WireMessage>, callback: sendUnaryData<WireMessage>) => {
      callback(null, {});
      onShutdown();
    },
  };
}

export function stdioImplementation(streams: OpenStreams): UntypedServiceImplementation {
  return {
    StreamStdio: (call: ServerWritableStream<WireMessage, WireMessage>) => streams.hold(call),
  };
}

export function brokerImplementation(streams: OpenStreams): UntypedServiceImplementation {
  return {
    StartStream: (call: ServerDuplexStream<WireMessage, WireMessage>) => {
      call.on('data', () => {
        // Providers never broker extra connections; ignore whatever the host announces.
      });
      call.on('end', () => call.end());
      streams.hold(call);
    },
  };
}
