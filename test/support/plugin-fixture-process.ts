// Starting a plugin executable the way terraform does and talking gRPC to it, for the protocol e2e
// tests: `startPlugin` spawns it with the magic cookie (and, for AutoMTLS, a client certificate),
// waits for the handshake line and parses it; `connectPlugin` opens a grpc-js client to its socket
// with our own service definitions (plaintext, or TLS pinned to the certificate from the line).
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { credentials, makeGenericClientConstructor, type Client, type ServiceError } from '@grpc/grpc-js';
import { serviceDefinition } from '../../src/terraform/protocol/grpc-services.js';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../../src/terraform/protocol/handshake.js';
import { toPem, type ServerCertificate } from '../../src/terraform/protocol/tls-cert.js';
import type { WireMessage } from '../../src/terraform/protocol/fromproto.js';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PLUGIN_BIN = join(REPO_ROOT, 'bin', 'terraform-provider-aiven');

export interface PluginProcess {
  child: ChildProcess;
  line: string;
  socketPath: string;
  /** The server certificate from the handshake line (AutoMTLS only). */
  serverCertDer?: Buffer;
  certField?: string;
  stdout(): string;
  stderr(): string;
  /** Settles when the process exits, with the time of exit (Date.now()). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

export interface StartOptions {
  executable?: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** The certificate the "host" presents; its PEM goes to PLUGIN_CLIENT_CERT. */
  clientCert?: ServerCertificate;
  cookie?: string | null;
}

/** Spawns the plugin and resolves once the handshake line arrived (or rejects with its output). */
export async function startPlugin(opts: StartOptions = {}): Promise<PluginProcess> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...opts.env })) if (v !== undefined && !k.startsWith('TF_')) env[k] = v;
  if (opts.cookie !== null) env[MAGIC_COOKIE_KEY] = opts.cookie ?? MAGIC_COOKIE_VALUE;
  env.PLUGIN_PROTOCOL_VERSIONS ??= '5,6';
  if (opts.clientCert) env.PLUGIN_CLIENT_CERT = opts.clientCert.certPem;
  for (const [k, v] of Object.entries(opts.env ?? {})) if (v !== undefined && k.startsWith('TF_')) env[k] = v;

  const child = spawn(opts.executable ?? PLUGIN_BIN, [], { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no handshake line in 15 s; stderr:\n${stderr}`)), 15_000);
    const check = () => {
      const end = stdout.indexOf('\n');
      if (end >= 0) {
        clearTimeout(timer);
        resolve(stdout.slice(0, end));
      }
    };
    child.stdout!.on('data', check);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`plugin exited (${code ?? signal}) before the handshake`), { code, stdout, stderr }));
    });
  });
  const fields = line.split('|');
  const certField = fields[5];
  return {
    child,
    line,
    socketPath: fields[3],
    certField,
    serverCertDer: certField ? Buffer.from(certField, 'base64') : undefined,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
  };
}

/** Runs the plugin to completion (for the refuse-to-start cases). */
export async function runPluginToExit(opts: StartOptions = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  try {
    const p = await startPlugin(opts);
    p.child.kill('SIGKILL');
    throw new Error(`plugin started unexpectedly: ${p.line}`);
  } catch (err) {
    const e = err as { code?: number | null; stdout?: string; stderr?: string };
    if (e.stdout === undefined) throw err;
    return { code: e.code ?? null, stdout: e.stdout, stderr: e.stderr ?? '' };
  }
}

export type UnaryCall = (request: WireMessage) => Promise<WireMessage>;

export interface PluginClient {
  provider: Record<string, UnaryCall>;
  health: Record<string, UnaryCall>;
  controller: Record<string, UnaryCall>;
  close(): void;
}

/** A gRPC client to the plugin's socket; `tls` pins the plugin's certificate and presents ours. */
export function connectPlugin(socketPath: string, tls?: { serverCertDer: Buffer; clientCert?: ServerCertificate }): PluginClient {
  const creds = tls
    ? credentials.createSsl(
        Buffer.from(toPem('CERTIFICATE', tls.serverCertDer)),
        tls.clientCert ? Buffer.from(tls.clientCert.keyPem) : null,
        tls.clientCert ? Buffer.from(tls.clientCert.certPem) : null,
      )
    : credentials.createInsecure();
  const options = tls ? { 'grpc.ssl_target_name_override': 'localhost', 'grpc.default_authority': 'localhost' } : {};
  const clients: Client[] = [];
  const make = (service: string): Record<string, UnaryCall> => {
    const Ctor = makeGenericClientConstructor(serviceDefinition(service), service);
    const client = new Ctor(`unix://${socketPath}`, creds, options);
    clients.push(client);
    const calls: Record<string, UnaryCall> = {};
    for (const name of Object.keys(serviceDefinition(service))) {
      calls[name] = (request) =>
        new Promise((resolve, reject) => {
          const deadline = new Date(Date.now() + 10_000);
          (client as unknown as Record<string, Function>)[name](request, { deadline }, (err: ServiceError | null, res: WireMessage) =>
            err ? reject(err) : resolve(res),
          );
        });
    }
    return calls;
  };
  return {
    provider: make('tfplugin6.Provider'),
    health: make('grpc.health.v1.Health'),
    controller: make('plugin.GRPCController'),
    close: () => clients.forEach((c) => c.close()),
  };
}
