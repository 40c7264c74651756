/** One gRPC method as scripts/gen-proto.mjs lists it in services.ts. */
export interface RpcMethod {
  /** As in the path: `/tfplugin6.Provider/<name>`. */
  name: string;
  /** Full protobuf names of the messages, e.g. `tfplugin6.GetProviderSchema.Request`. */
  requestType: string;
  responseType: string;
  requestStream: boolean;
  responseStream: boolean;
}
