// The plugin's exit after GRPCController.Shutdown (serve.ts: onShutdown → close → process.exit), in
// process over a real unix socket: close() must call back only once the Shutdown answer is written,
// since what it calls back to ends the process and with it every socket. On Node 24 grpc-js's
// tryShutdown called back before that (Http2Server.close() marks the sessions closed itself), and the
// host got "14 UNAVAILABLE: Connection dropped" instead of the answer.
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

test('Shutdown: close() calls back after the answer is out, so exiting then loses nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-grpc-close-'));
  const sockets = new Set<Socket>();
  let closedAfterMs: number | undefined;
  const started = Date.now();
  const grpc: GrpcPluginServer = createGrpcPluginServer({
    provider: async () => fixtureProvider(),
    log: createLogger('error', () => {}),
    // as serve.ts does, less the provider's clean-up; "exiting" = destroying every connection at once
    onShutdown: () =>
      grpc.close(1000, () => {
        closedAfterMs = Date.now() - started;
        for (const socket of sockets) socket.destroy();
      }),
  });
  const listener = createServer({ pauseOnConnect: true }, (socket) => {
    sockets.add(socket);
    grpc.accept(socket);
  });
  await new Promise<void>((resolve) => listener.listen(join(dir, 'plugin.sock'), resolve));
  const client = connectPlugin(join(dir, 'plugin.sock'));
  try {
    assert.equal((await client.health.Check({ service: 'plugin' })).status, 1);
    // the answer (an empty message) reaches the client
    assert.deepEqual({ ...(await client.controller.Shutdown({})) }, {});
    assert.ok(closedAfterMs !== undefined, 'close called back');
    assert.ok(closedAfterMs < 1000, `close called back after ${closedAfterMs} ms: on the answer written, not the grace time`);
  } finally {
    client.close();
    listener.close();
    for (const socket of sockets) socket.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
});
