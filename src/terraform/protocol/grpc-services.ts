/**
 * The gRPC methods from the generated protocol code: one path (`/tfplugin6.Provider/ReadResource`…)
 * with its protobuf (de)serializers per method. The shape is grpc-js's MethodDefinition, so the test
 * suite's grpc-js client (an independent gRPC implementation) calls the plugin with these very tables.
 */
import { messageCodec, services, type StaticMessageCodec } from './proto/messages.js';
import type { WireMessage } from './fromproto.js';

export interface MethodDefinition {
  /** `/<service>/<method>`, as on the wire. */
  path: string;
  originalName: string;
  requestStream: boolean;
  responseStream: boolean;
  requestSerialize: (value: WireMessage) => Buffer;
  requestDeserialize: (bytes: Buffer) => WireMessage;
  responseSerialize: (value: WireMessage) => Buffer;
  responseDeserialize: (bytes: Buffer) => WireMessage;
}

/** A service's methods by name. */
export type ServiceDefinition = Record<string, MethodDefinition>;

function serializer(codec: StaticMessageCodec): (value: WireMessage) => Buffer {
  return (value) => {
    const bytes = codec.encode(value).finish();
    return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
}

function deserializer(codec: StaticMessageCodec): (bytes: Buffer) => WireMessage {
  return (bytes) => codec.decode(bytes) as unknown as WireMessage;
}

export function serviceDefinition(fullName: string): ServiceDefinition {
  const methods = services[fullName];
  if (!methods) throw new Error(`no gRPC service ${fullName} in services.ts`);
  const definition: ServiceDefinition = {};
  for (const method of methods) {
    const request = messageCodec(method.requestType);
    const response = messageCodec(method.responseType);
    definition[method.name] = {
      path: `/${fullName}/${method.name}`,
      requestStream: method.requestStream,
      responseStream: method.responseStream,
      requestSerialize: serializer(request),
      requestDeserialize: deserializer(request),
      responseSerialize: serializer(response),
      responseDeserialize: deserializer(response),
      originalName: method.name,
    };
  }
  return definition;
}
