/**
 * The part of the generated codecs.js (pbjs static-module, see scripts/gen-proto.mjs) the runtime
 * uses: a tree of namespaces whose leaves are message classes with static encode/decode. Message
 * values stay untyped here; fromproto.ts/toproto.ts give them their shapes.
 */
export interface StaticMessageCodec {
  encode(message: object): { finish(): Uint8Array };
  decode(bytes: Uint8Array): object;
}

declare const root: { readonly [name: string]: unknown };
export default root;
