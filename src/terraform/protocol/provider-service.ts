/**
 * The tfplugin6.Provider service: every RPC decodes its request to the plain types (fromproto), calls
 * the {@link ProviderServer}, and encodes the answer (toproto). The provider module is loaded after
 * the handshake, so each call first awaits it.
 *
 * An exception from the provider becomes an error diagnostic on the response (terraform shows it
 * like any other error, naming the RPC) rather than an opaque gRPC failure.
 */
import * as from from './fromproto.js';
import type { WireMessage } from './fromproto.js';
import type { ServiceImplementation, UnaryHandler } from './grpc-calls.js';
import { GrpcError, GrpcStatus } from './grpc-wire.js';
import type { Logger } from './log.js';
import * as to from './toproto.js';
import type { Diagnostic, ProviderServer } from './types.js';

/**
 * One RPC: the decoded request (typed by the fromproto function that reads it, see
 * ./proto/message-types.d.ts) to the message to encode (typed by its toproto function).
 */
type Rpc = (provider: ProviderServer, request: never) => Promise<WireMessage>;

const rpcs: Record<string, Rpc> = {
  GetMetadata: async (p) => to.getMetadataResponse(await p.getMetadata()),
  GetProviderSchema: async (p) => to.getProviderSchemaResponse(await p.getProviderSchema()),
  GetResourceIdentitySchemas: async (p) => to.getResourceIdentitySchemasResponse(await p.getResourceIdentitySchemas()),
  ValidateProviderConfig: async (p, m) =>
    to.diagnosticsResponse(await p.validateProviderConfig(from.validateProviderConfigRequest(m))),
  ConfigureProvider: async (p, m) => to.diagnosticsResponse(await p.configureProvider(from.configureProviderRequest(m))),
  ValidateResourceConfig: async (p, m) =>
    to.diagnosticsResponse(await p.validateResourceConfig(from.validateResourceConfigRequest(m))),
  UpgradeResourceState: async (p, m) =>
    to.upgradeResourceStateResponse(await p.upgradeResourceState(from.upgradeResourceStateRequest(m))),
  ReadResource: async (p, m) => to.readResourceResponse(await p.readResource(from.readResourceRequest(m))),
  PlanResourceChange: async (p, m) =>
    to.planResourceChangeResponse(await p.planResourceChange(from.planResourceChangeRequest(m))),
  ApplyResourceChange: async (p, m) =>
    to.applyResourceChangeResponse(await p.applyResourceChange(from.applyResourceChangeRequest(m))),
  ImportResourceState: async (p, m) =>
    to.importResourceStateResponse(await p.importResourceState(from.importResourceStateRequest(m))),
  MoveResourceState: async (p, m) =>
    to.moveResourceStateResponse(await p.moveResourceState(from.moveResourceStateRequest(m))),
  ValidateDataResourceConfig: async (p, m) =>
    to.diagnosticsResponse(await p.validateDataResourceConfig(from.validateDataResourceConfigRequest(m))),
  ReadDataSource: async (p, m) => to.readDataSourceResponse(await p.readDataSource(from.readDataSourceRequest(m))),
  ValidateEphemeralResourceConfig: async (p, m) =>
    to.diagnosticsResponse(await p.validateEphemeralResourceConfig(from.validateEphemeralResourceConfigRequest(m))),
  OpenEphemeralResource: async (p, m) =>
    to.openEphemeralResourceResponse(await p.openEphemeralResource(from.openEphemeralResourceRequest(m))),
  RenewEphemeralResource: async (p, m) =>
    to.renewEphemeralResourceResponse(await p.renewEphemeralResource(from.renewEphemeralResourceRequest(m))),
  CloseEphemeralResource: async (p, m) =>
    to.diagnosticsResponse(await p.closeEphemeralResource(from.closeEphemeralResourceRequest(m))),
  StopProvider: async (p) => to.stopProviderResponse(await p.stopProvider()),
};

/** Shapes of the answer when the provider threw, per RPC: the error goes where terraform reads it. */
function failureResponse(rpc: string, err: unknown): WireMessage {
  const message = err instanceof Error ? err.message : String(err);
  if (rpc === 'StopProvider') return { Error: message };
  const diagnostic: Diagnostic = {
    severity: 'error',
    summary: `Unexpected error in the provider (${rpc})`,
    detail: `${message}\n\nThis is a bug in the provider; please report it with the steps that led to it.`,
  };
  return { diagnostics: [to.diagnostic(diagnostic)] };
}

export function providerServiceImplementation(provider: () => Promise<ProviderServer>, log: Logger): ServiceImplementation {
  const implementation: Record<string, UnaryHandler> = {};
  // Timed only when traced: the global `performance` loads perf_hooks (nine built-in modules) on its
  // first use, on each of terraform's 3-5 launches per command.
  const traced = log.enabled('trace');
  for (const [name, rpc] of Object.entries(rpcs)) {
    implementation[name] = (request) => {
      const started = traced ? performance.now() : 0;
      const answer = provider()
        .then((p) => rpc(p, request as never))
        .catch((err: unknown) => {
          log.error('provider RPC failed', { rpc: name, error: err instanceof Error ? err.stack ?? err.message : String(err) });
          return failureResponse(name, err);
        });
      if (!traced) return answer;
      return answer.then((response) => {
        log.trace('served RPC', { rpc: name, duration_ms: Math.round(performance.now() - started) });
        return response;
      });
    };
  }
  // Tessera's provider has no functions.
  implementation.GetFunctions = () => ({ functions: {}, diagnostics: [] });
  implementation.CallFunction = () => ({ error: { text: 'the aiven provider defines no functions' } });
  // No resource declares an identity, so terraform has nothing to upgrade; answer as gRPC does for
  // a method a server does not have.
  implementation.UpgradeResourceIdentity = () => {
    throw new GrpcError(GrpcStatus.UNIMPLEMENTED, 'no resource of this provider has an identity to upgrade');
  };
  return implementation;
}
