/**
 * The protocol's protobuf messages and services, from the files scripts/gen-proto.mjs generates: static
 * encoders/decoders (codecs.js) and the services' method lists (services.ts). Nothing is parsed,
 * reflected or code-generated at launch.
 */
import './int64-as-number.js';
import root, { type StaticMessageCodec } from './codecs.js';

export type { StaticMessageCodec } from './codecs.js';
export type { RpcMethod } from './rpc-method.js';
export { services } from './services.js';

/** The codec of a message by its full protobuf name, e.g. `tfplugin6.GetProviderSchema.Response`. */
export function messageCodec(fullName: string): StaticMessageCodec {
  let node: unknown = root;
  for (const part of fullName.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  const codec = node as Partial<StaticMessageCodec> | undefined;
  if (typeof codec?.encode !== 'function' || typeof codec.decode !== 'function') {
    throw new Error(`no protobuf message ${fullName} in codecs.js (run node scripts/gen-proto.mjs after editing a .proto file)`);
  }
  return codec as StaticMessageCodec;
}
