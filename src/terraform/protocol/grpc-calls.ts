/**
 * What a gRPC method implementation is, for ./grpc-server.ts: unary methods are functions from the
 * request to the response; streaming methods get the open call. The messages are the plain objects
 * of ./fromproto.ts and ./toproto.ts (protobuf bytes stay in the server).
 */
import type { WireMessage } from './fromproto.js';

/**
 * Answers one request. Throw a GrpcError (./grpc-wire.ts) to end the call with another status than OK.
 * `call` is for the rare method that acts once its answer has gone out (GRPCController.Shutdown).
 */
export type UnaryHandler = (request: WireMessage, call: UnaryCall) => WireMessage | Promise<WireMessage>;

export interface UnaryCall {
  /** The call is over: its answer and status were handed to the connection, or the client cancelled it. */
  onClose(listener: () => void): void;
}

/** A call that streams answers: server-streaming (after its one request) or bidirectional. */
export interface StreamingCall {
  write(message: WireMessage): void;
  /** Ends the call with status OK (a no-op once the call is over). */
  end(): void;
  /** Each request message of a bidirectional call, as it arrives. */
  onMessage(listener: (message: WireMessage) => void): void;
  /** The client has sent its last message. */
  onEnd(listener: () => void): void;
  /** The call is over: ended here, cancelled by the client, or its connection gone. */
  onClose(listener: () => void): void;
}

/** Starts a streaming call; `request` is the one request of a server-streaming method. */
export type StreamingHandler = (call: StreamingCall, request: WireMessage | undefined) => void;

/** A service's implementation, by method name (unary or streaming as its definition says). */
export type ServiceImplementation = Record<string, UnaryHandler | StreamingHandler>;
