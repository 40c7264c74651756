/**
 * grpc-js service definitions built from the protobufjs reflection of our .proto files: one method
 * path (`/tfplugin6.Provider/ReadResource`…) with its protobuf (de)serializers per RPC.
 */
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import type { ProtoType } from './proto/messages.js';
import { lookupService } from './proto/messages.js';
import type { WireMessage } from './fromproto.js';

function serializer(type: ProtoType): (value: WireMessage) => Buffer {
  return (value) => {
    const bytes = type.encode(value).finish();
    return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
}

function deserializer(type: ProtoType): (bytes: Buffer) => WireMessage {
  return (bytes) => type.decode(bytes) as unknown as WireMessage;
}

export function serviceDefinition(fullName: string): ServiceDefinition {
  const service = lookupService(fullName);
  const definition: Record<string, MethodDefinition<WireMessage, WireMessage>> = {};
  for (const method of service.methodsArray) {
    method.resolve();
    const request = method.resolvedRequestType!;
    const response = method.resolvedResponseType!;
    definition[method.name] = {
      path: `/${fullName}/${method.name}`,
      requestStream: !!method.requestStream,
      responseStream: !!method.responseStream,
      requestSerialize: serializer(request),
      requestDeserialize: deserializer(request),
      responseSerialize: serializer(response),
      responseDeserialize: deserializer(response),
      originalName: method.name,
    };
  }
  return definition;
}
