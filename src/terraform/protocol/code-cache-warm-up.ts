/**
 * Run at build time only, just before the V8 code cache of the plugin's after-handshake bundle is
 * written (scripts/produce-code-cache.cjs): the functions that the first RPCs of every launch call
 * (GetMetadata, GetProviderSchema: the provider's schema, its conversion to protobuf, protobufjs
 * encoding and decoding) get compiled now, so each launch finds their bytecode in the cache instead of
 * compiling them while terraform waits. Nothing here touches the network or the environment.
 */
import type { ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import type { WireMessage } from './fromproto.js';
import { serviceDefinition } from './grpc-services.js';
import { createLogger } from './log.js';
import { providerServiceImplementation } from './provider-service.js';
import type { ProviderServer } from './types.js';

const WARM_UP_RPCS = ['GetMetadata', 'GetProviderSchema'] as const;

export async function warmUpProviderRpcs(provider: ProviderServer): Promise<void> {
  const definition = serviceDefinition('tfplugin6.Provider');
  const implementation = providerServiceImplementation(async () => provider, createLogger('error', () => {}));
  for (const name of WARM_UP_RPCS) {
    const method = definition[name];
    const request = method.requestDeserialize(method.requestSerialize({}));
    const response = await new Promise<WireMessage>((resolve, reject) => {
      const callback: sendUnaryData<WireMessage> = (err, value) => (err || !value ? reject(err ?? new Error(`${name}: no response`)) : resolve(value));
      (implementation[name] as (call: ServerUnaryCall<WireMessage, WireMessage>, cb: sendUnaryData<WireMessage>) => void)(
        { request } as ServerUnaryCall<WireMessage, WireMessage>,
        callback,
      );
    });
    method.responseDeserialize(method.responseSerialize(response));
  }
}
