/**
 * The services go-plugin's host expects beside the provider: grpc.health.v1.Health (the service
 * "plugin" is SERVING), plugin.GRPCController (Shutdown), plugin.GRPCStdio (a quiet stream: our logs go
 * to stderr directly) and plugin.GRPCBroker (opened by the host, unused by providers).
 */
import type { WireMessage } from './fromproto.js';
import type { ServiceImplementation, StreamingCall, UnaryCall } from './grpc-calls.js';

const SERVING = 1;

/** Streams held open until the process stops, so they can be ended cleanly at shutdown. */
export class OpenStreams {
  private readonly calls = new Set<StreamingCall>();
  hold(call: StreamingCall): void {
    this.calls.add(call);
    call.onClose(() => this.calls.delete(call));
  }
  endAll(): void {
    for (const call of this.calls) call.end();
    this.calls.clear();
  }
}

export function healthImplementation(streams: OpenStreams): ServiceImplementation {
  return {
    Check: () => ({ status: SERVING }),
    Watch: (call: StreamingCall) => {
      call.write({ status: SERVING });
      streams.hold(call);
    },
  };
}

/** `onShutdown` runs once the answer to Shutdown is out: what it does next may end the process. */
export function controllerImplementation(onShutdown: () => void): ServiceImplementation {
  return {
    Shutdown: (_request: WireMessage, call: UnaryCall) => {
      call.onClose(onShutdown);
      return {};
    },
  };
}

export function stdioImplementation(streams: OpenStreams): ServiceImplementation {
  return {
    StreamStdio: (call: StreamingCall) => streams.hold(call),
  };
}

export function brokerImplementation(streams: OpenStreams): ServiceImplementation {
  return {
    StartStream: (call: StreamingCall) => {
      // Providers never broker extra connections: whatever the host announces is ignored.
      call.onEnd(() => call.end());
      streams.hold(call);
    },
  };
}
