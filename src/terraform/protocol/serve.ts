/**
 * Runs a provider as a terraform plugin process: the go-plugin handshake first (cookie, protocol
 * version, certificate, a listening unix socket, the one stdout line), and only then the heavy parts
 * (the gRPC server, the provider itself), while terraform is already connecting. Connections that arrive
 * before gRPC is ready wait, paused, in the socket's queue.
 *
 * Process rules terraform depends on:
 * - stdout carries the handshake line and nothing else (console output is sent to the stderr log);
 * - SIGINT is ignored: Ctrl-C reaches the whole process group, and terraform itself turns it into
 *   StopProvider, letting an apply in flight finish and be saved;
 * - after GRPCController.Shutdown is answered the process exits at once (terraform waits for that
 *   exit before it goes on, and kills the plugin after 2 s);
 * - the socket's temporary folder is removed on exit (terraform does not).
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import type { createGrpcPluginServer as CreateGrpcPluginServer, GrpcPluginServer } from './grpc-server.js';
import { handshakeLine, hasMagicCookie, negotiateProtocolVersion, NOT_A_COMMAND_MESSAGE } from './handshake.js';
import { createLogger, levelFromEnv, type Logger } from './log.js';
import { listenOnUnixSocket } from './listen-unix-socket.js';
import { generateServerCertificate, type ServerCertificate } from './tls-cert.js';
import type { ProviderServer } from './types.js';

export interface ServeOptions {
  env?: NodeJS.ProcessEnv;
  /** Where the handshake line goes; the process's stdout by default. */
  writeHandshake?: (line: string) => void;
  log?: Logger;
  /**
   * Loads the gRPC half (after the handshake line); the ESM chunk `./grpc-server.js` by default.
   * `loadedFrom` says in the debug log which form was used (plugin-main prefers a code-cached bundle).
   */
  loadGrpcServer?: () => Promise<GrpcServerModule>;
}

export interface GrpcServerModule {
  createGrpcPluginServer: typeof CreateGrpcPluginServer;
  loadedFrom?: string;
}

/** How long the provider's own clean-up may take at shutdown (terraform kills the plugin after 2 s). */
const PROVIDER_SHUTDOWN_MS = 1_500;

export async function serve(
  loadProvider: () => ProviderServer | Promise<ProviderServer>,
  opts: ServeOptions = {},
): Promise<void> {
  const env = opts.env ?? process.env;
  if (!hasMagicCookie(env)) {
    process.stderr.write(NOT_A_COMMAND_MESSAGE);
    process.exit(1);
  }
  const log = opts.log ?? createLogger(levelFromEnv(env));
  const negotiated = negotiateProtocolVersion(env);
  if ('error' in negotiated) {
    log.error(negotiated.error);
    process.stderr.write(negotiated.error + '\n');
    process.exit(1);
  }

  process.on('SIGINT', () => log.debug('ignoring SIGINT; terraform cancels work through StopProvider'));
  const clientCertPem = env.PLUGIN_CLIENT_CERT?.trim() ? env.PLUGIN_CLIENT_CERT : undefined;
  // Read once: a clear error now rather than a failing TLS handshake later, and the DER that
  // mutual-tls.ts pins.
  let clientCertDer: Buffer | undefined;
  if (clientCertPem) {
    try {
      clientCertDer = new X509Certificate(clientCertPem).raw;
    } catch (err) {
      const message = `PLUGIN_CLIENT_CERT is not a PEM certificate (${(err as Error).message}); cannot serve TLS`;
      log.error(message);
      process.stderr.write(message + '\n');
      process.exit(1);
    }
  }
  const certificate: Promise<ServerCertificate> | undefined = clientCertDer ? generateServerCertificate() : undefined;

  const socketDir = mkdtempSync(join(env.PLUGIN_UNIX_SOCKET_DIR || tmpdir(), 'plugin'));
  const socketPath = join(socketDir, 'plugin.sock');
  // The folder holds the socket alone (net.Server.close unlinks it too); not rmSync's recursive walk,
  // which Node 20 runs in JavaScript it compiles first, on the way out of every launch.
  process.on('exit', () => {
    for (const remove of [() => unlinkSync(socketPath), () => rmdirSync(socketDir)]) {
      try {
        remove();
      } catch {
        // already gone
      }
    }
  });
  // Set once the provider is loaded: its clean-up before the process exits (bounded).
  let providerShutdown = async (): Promise<void> => {};
  const exitAfterShutdown = () => void providerShutdown().finally(() => process.exit(0));
  process.on('SIGTERM', exitAfterShutdown);
  process.on('SIGHUP', exitAfterShutdown);
  exitWhenOrphaned(log, () => providerShutdown());

  // Accept right away; hand sockets to gRPC once it is loaded.
  let grpc: GrpcPluginServer | undefined;
  const waiting: Socket[] = [];
  const listener = createServer({ pauseOnConnect: true }, (socket) => {
    if (grpc) grpc.accept(socket);
    else waiting.push(socket);
  });
  await listenOnUnixSocket(listener, socketPath);

  const cert = certificate ? await certificate : undefined;
  (opts.writeHandshake ?? writeToStdout)(
    handshakeLine({ socketPath, appVersion: negotiated.version, certificateDer: cert?.der }),
  );
  if (log.enabled('debug')) {
    const cpu = process.cpuUsage();
    log.debug('handshake sent', {
      since_process_start_ms: Math.round(performance.now()),
      cpu_ms: Math.round((cpu.user + cpu.system) / 1000),
    });
  }
  redirectConsoleToLog(log);

  // Load gRPC and the provider at once (their files are read concurrently); the first RPC needs both.
  let providerPromise: Promise<ProviderServer> | undefined;
  const provider = () => (providerPromise ??= Promise.resolve().then(loadProvider));
  const grpcModule: Promise<GrpcServerModule> = opts.loadGrpcServer ? opts.loadGrpcServer() : import('./grpc-server.js');
  provider().catch((err: unknown) => log.error('loading the provider failed', { error: String(err) }));
  providerShutdown = async () => {
    const server = await Promise.race([provider().catch(() => undefined), sleep(PROVIDER_SHUTDOWN_MS)]);
    if (!server?.shutdown) return;
    await Promise.race([server.shutdown().catch((err: unknown) => log.warn('provider shutdown failed', { error: String(err) })), sleep(PROVIDER_SHUTDOWN_MS)]);
  };

  const { createGrpcPluginServer, loadedFrom = 'esm chunk' } = await grpcModule;
  let shuttingDown = false;
  grpc = createGrpcPluginServer({
    provider,
    log,
    tls: cert && clientCertDer ? { server: cert, clientCertDer } : undefined,
    // Called once the answer to Shutdown is out: the provider's clean-up and the end of gRPC run
    // side by side, and the process exits when both are done.
    onShutdown: () => {
      if (shuttingDown) return;
      shuttingDown = true;
      log.debug('shutdown requested by the host');
      listener.close();
      const grpcClosed = new Promise<void>((resolve) => grpc!.close(resolve));
      void Promise.all([providerShutdown(), grpcClosed]).finally(() => process.exit(0));
    },
  });
  for (const socket of waiting.splice(0)) grpc.accept(socket);
  log.debug('plugin serving', { socket: socketPath, tls: !!cert, grpc_loaded_from: loadedFrom });
}

/**
 * The handshake line, written straight to file descriptor 1: creating process.stdout's stream costs
 * a few milliseconds on each launch, and nothing else is ever written there. One short write to a
 * pipe is atomic.
 */
function writeToStdout(line: string): void {
  writeSync(1, line);
}

/**
 * terraform kills its plugins when it is done, but if terraform itself is killed (SIGKILL, a crash)
 * nobody would: notice being re-parented and exit, so no plugin process or socket folder lingers.
 */
function exitWhenOrphaned(log: Logger, beforeExit: () => Promise<void>): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      log.warn('the host process is gone; exiting');
      void beforeExit().finally(() => process.exit(0));
    }
  }, 1000);
  timer.unref();
}

function sleep(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms).unref());
}

/** Anything a dependency prints with console.* goes to the stderr log, never to stdout. */
function redirectConsoleToLog(log: Logger): void {
  console.log = (...args: unknown[]) => log.info(format(...args));
  console.info = (...args: unknown[]) => log.info(format(...args));
  console.debug = (...args: unknown[]) => log.debug(format(...args));
  console.warn = (...args: unknown[]) => log.warn(format(...args));
  console.error = (...args: unknown[]) => log.error(format(...args));
}
