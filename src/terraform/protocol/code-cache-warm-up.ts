/**
 * Run at build time only, just before the V8 code cache of the plugin's after-handshake bundle is
 * written (scripts/produce-code-cache.cjs). V8 puts in the cache the functions compiled so far, so
 * what runs here is what each launch finds compiled instead of compiling it while terraform waits:
 *
 * - GetMetadata and GetProviderSchema called directly (the provider's schema, its conversion to
 *   protobuf, protobufjs encoding and decoding);
 * - then, when a scenario is given, the RPCs of a whole `terraform apply` served the way terraform is
 *   served: a mutual-TLS HTTP/2 connection on a unix socket in a temporary folder, the gRPC server
 *   (./grpc-server.ts), the go-plugin services, and the provider's configure, validate, plan and apply with its HTTP
 *   client calling a stand-in API on 127.0.0.1. Without it, each launch compiled about 100 KB of
 *   gRPC, TLS-accepting and RPC code, and the apply launch about 200 KB (the API client, msgpack,
 *   the framework's plan and apply).
 *
 * Only loopback is used, and everything it opens is closed before it returns.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect as http2Connect, type ClientHttp2Session } from 'node:http2';
import { createServer as createNetServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import type { WireMessage } from './fromproto.js';
import type { UnaryHandler } from './grpc-calls.js';
import { createGrpcPluginServer } from './grpc-server.js';
import { serviceDefinition } from './grpc-services.js';
import { createLogger } from './log.js';
import { providerServiceImplementation } from './provider-service.js';
import { generateServerCertificate } from './tls-cert.js';
import type { ProviderServer } from './types.js';

const WARM_UP_RPCS = ['GetMetadata', 'GetProviderSchema'] as const;

/** One unary RPC over the warm-up's gRPC connection: `call('tfplugin6.Provider', 'PlanResourceChange', {...})`. */
export type WarmUpCall = (service: string, method: string, request: WireMessage) => Promise<WireMessage>;

/**
 * What a terraform run would ask of the provider, written by the provider (it knows its schemas):
 * `apiUrl` is the stand-in API's base URL, `call` sends one RPC.
 */
export interface WarmUpScenario {
  /** Answers the provider's HTTP requests to the stand-in API. */
  api(method: string, path: string, body: string): { status: number; body: unknown };
  run(call: WarmUpCall, apiUrl: string): Promise<void>;
}

export async function warmUpProviderRpcs(provider: ProviderServer, scenario?: WarmUpScenario): Promise<void> {
  const definition = serviceDefinition('tfplugin6.Provider');
  const implementation = providerServiceImplementation(async () => provider, createLogger('error', () => {}));
  for (const name of WARM_UP_RPCS) {
    const method = definition[name];
    const request = method.requestDeserialize(method.requestSerialize({}));
    const response = await (implementation[name] as UnaryHandler)(request, { onClose: () => {} });
    method.responseDeserialize(method.responseSerialize(response));
  }
  if (scenario) await servedScenario(provider, scenario);
}

async function servedScenario(provider: ProviderServer, scenario: WarmUpScenario): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-code-cache-warm-up-'));
  const socketPath = join(dir, 'plugin.sock');
  const [serverCert, clientCert] = await Promise.all([generateServerCertificate(), generateServerCertificate()]);
  const api = createHttpServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const answer = scenario.api(req.method ?? 'GET', req.url ?? '/', body);
      const text = JSON.stringify(answer.body);
      res.writeHead(answer.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  const grpc = createGrpcPluginServer({
    provider: async () => provider,
    log: createLogger('error', () => {}),
    tls: { server: serverCert, clientCertDer: clientCert.der },
    onShutdown: () => {},
  });
  const listener = createNetServer({ pauseOnConnect: true }, (socket) => grpc.accept(socket));
  let session: ClientHttp2Session | undefined;
  try {
    await listen(api, { host: '127.0.0.1', port: 0 });
    await listen(listener, { path: socketPath });
    const port = (api.address() as { port: number }).port;
    const connected = http2Connect('https://localhost', {
      createConnection: () =>
        tlsConnect({
          path: socketPath,
          servername: 'localhost',
          ALPNProtocols: ['h2'],
          cert: clientCert.certPem,
          key: clientCert.keyPem,
          ca: serverCert.certPem,
        }),
    });
    session = connected;
    connected.on('error', () => {});
    const call: WarmUpCall = (service, method, request) => unaryCall(connected, service, method, request);
    await scenario.run(call, `http://127.0.0.1:${port}`);
    // What terraform does last: the go-plugin Shutdown (onShutdown does nothing here).
    await call('plugin.GRPCController', 'Shutdown', {});
  } finally {
    session?.close();
    await new Promise<void>((resolve) => grpc.close(resolve));
    listener.close();
    api.closeAllConnections();
    await new Promise<void>((resolve) => api.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  }
}

function listen(server: Server | ReturnType<typeof createHttpServer>, where: { host: string; port: number } | { path: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(where, () => resolve());
  });
}

/** A gRPC unary call by hand over HTTP/2 (length-prefixed protobuf; the status in the trailers). */
function unaryCall(session: ClientHttp2Session, service: string, method: string, request: WireMessage): Promise<WireMessage> {
  const definition = serviceDefinition(service)[method];
  const message = definition.requestSerialize(request);
  const frame = Buffer.alloc(5 + message.length);
  frame.writeUInt32BE(message.length, 1);
  message.copy(frame, 5);
  return new Promise((resolve, reject) => {
    const stream = session.request({ ':method': 'POST', ':path': definition.path, 'content-type': 'application/grpc', te: 'trailers' });
    const chunks: Buffer[] = [];
    let status: string | undefined;
    let statusMessage: string | undefined;
    const noteStatus = (headers: Record<string, unknown>) => {
      if (headers['grpc-status'] !== undefined) {
        status = String(headers['grpc-status']);
        statusMessage = headers['grpc-message'] === undefined ? undefined : String(headers['grpc-message']);
      }
    };
    stream.on('response', noteStatus);
    stream.on('trailers', noteStatus);
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', reject);
    stream.on('close', () => {
      if (status !== '0') {
        reject(new Error(`warm-up ${service}/${method}: gRPC status ${status ?? 'missing'}${statusMessage ? ` (${statusMessage})` : ''}`));
        return;
      }
      const body = Buffer.concat(chunks);
      resolve(definition.responseDeserialize(body.subarray(5, 5 + body.readUInt32BE(1))) as WireMessage);
    });
    stream.end(frame);
  });
}
