/**
 * grpc-js service definitions from the generated protocol code: one method path
 * (`/tfplugin6.Provider/ReadResource`…) with its protobuf (de)serializers per RPC.
 */
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import { messageCodec, services, type StaticMessageCodec } from './proto/messages.js';
import type { WireMessage } from './fromproto.js';

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
  const definition: Record<string, MethodDefinition<WireMessage, WireMessage>> = {};
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
