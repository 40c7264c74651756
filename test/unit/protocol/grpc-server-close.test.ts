// The plugin's exit after GRPCController.Shutdown (serve.ts: onShutdown → close → process.exit), in
// process over a real unix socket: onShutdown runs once the Shutdown answer is out, and close() drops
// every connection on the next turn of the event loop, as the process's exit does. The answer must
// still reach the client whole (status included). (With grpc-js's tryShutdown, on Node 24, the host
// got "14 UNAVAILABLE: Connection dropped" instead of the answer.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGrpcPluginServer, type GrpcPluginServer } from '../../../src/terraform/protocol/grpc-server.js';
import { createLogger } from '../../../src/terraform/protocol/log.js';
import { fixtureProvider } from '../../support/plugin-fixture.js';
import { connectPlugin } from '../../support/plugin-fixture-process.js';

/**
 * A gRPC server on a real unix socket, a client connected to it, and `run` with both. `onShutdown`
 * gets the server and every accepted socket (destroying them is what the process's exit does).
 */
async function withServer(
  onShutdown: (grpc: GrpcPluginServer, sockets: Set<Socket>) => void,
  run: (client: ReturnType<typeof connectPlugin>) => Promise<void>,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-grpc-close-'));
  const sockets = new Set<Socket>();
  const grpc: GrpcPluginServer = createGrpcPluginServer({
    provider: async () => fixtureProvider(),
    log: createLogger('error', () => {}),
    onShutdown: () => onShutdown(grpc, sockets),
  });
  const listener = createServer({ pauseOnConnect: true }, (socket) => {
    sockets.add(socket);
    grpc.accept(socket);
  });
  await new Promise<void>((resolve) => listener.listen(join(dir, 'plugin.sock'), resolve));
  const client = connectPlugin(join(dir, 'plugin.sock'));
  try {
    await run(client);
  } finally {
    client.close();
    listener.close();
    for (const socket of sockets) socket.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('Shutdown: onShutdown runs after the answer is out, so closing then loses nothing, and closing waits for nobody', async () => {
  let closedAfterMs: number | undefined;
  const started = Date.now();
  await withServer(
    // as serve.ts does, less the provider's clean-up; "exiting" = destroying every connection at once
    (grpc, sockets) =>
      grpc.close(() => {
        closedAfterMs = Date.now() - started;
        for (const socket of sockets) socket.destroy();
      }),
    async (client) => {
      assert.equal((await client.health.Check({ service: 'plugin' })).status, 1);
      // the answer (an empty message) reaches the client
      assert.deepEqual({ ...(await client.controller.Shutdown({})) }, {});
      assert.ok(closedAfterMs !== undefined, 'close called back');
      // The client keeps its connection (and go-plugin's broker and stdio streams would stay open):
      // close does not wait for it to hang up.
      assert.ok(closedAfterMs < 1000, `close called back after ${closedAfterMs} ms`);
    },
  );
});

test('Shutdown: its answer is out by the time onShutdown runs, even if every connection is dropped there and then', async () => {
  await withServer(
    // the harshest "exit": no close at all, the sockets destroyed in the callback itself
    (_grpc, sockets) => {
      for (const socket of sockets) socket.destroy();
    },
    async (client) => {
      for (let i = 0; i < 3; i++) assert.equal((await client.health.Check({ service: 'plugin' })).status, 1);
      assert.deepEqual({ ...(await client.controller.Shutdown({})) }, {});
    },
  );
});
