/**
 * The protocol's protobuf messages as protobufjs reflection, built from the generated JSON descriptor
 * (no .proto parsing at launch). int64 fields are plain JS numbers: every int64 in this protocol
 * (schema versions, item counts, list indexes, timestamps' seconds) fits, and one representation
 * everywhere beats Long objects that appear only when the `long` package happens to be resolvable.
 */
import protobuf from 'protobufjs/light.js';
import { descriptor } from './descriptor.js';

protobuf.util.Long = undefined as unknown as typeof protobuf.util.Long;
protobuf.configure();

export const protoRoot = protobuf.Root.fromJSON(descriptor);

/** A gRPC service of the descriptor, by its full name (e.g. `tfplugin6.Provider`). */
export function lookupService(fullName: string): protobuf.Service {
  return protoRoot.lookupService(fullName);
}

export type ProtoType = protobuf.Type;
