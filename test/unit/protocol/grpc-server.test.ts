// The gRPC services in-process over a real unix socket: provider RPCs reach the ProviderServer, a
// provider exception becomes an error diagnostic naming the RPC, StopProvider reaches the provider
// while another call is in flight, and the go-plugin services answer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGrpcPluginServer, type GrpcPluginServer } from '../../../src/terraform/protocol/grpc-server.js';
import { createLogger } from '../../../src/terraform/protocol/log.js';
import type { ProviderServer } from '../../../src/terraform/protocol/types.js';
import { fixtureProvider } from '../../support/plugin-fixture.js';
import { connectPlugin, type PluginClient } from '../../support/plugin-fixture-process.js';
import { encodeDynamicValue } from '../../../src/terraform/protocol/cty/index.js';

const dir = mkdtempSync(join(tmpdir(), 'tessera-grpc-test-'));
const socketPath = join(dir, 'plugin.sock');
let listener: Server;
let grpc: GrpcPluginServer;
let client: PluginClient;
let shutdowns = 0;
const logged: string[] = [];

const base = fixtureProvider();
const provider: ProviderServer = {
  ...base,
  async validateResourceConfig() {
    throw new Error('boom in validation');
  },
};

before(async () => {
  grpc = createGrpcPluginServer({
    provider: async () => provider,
    log: createLogger('error', (line) => logged.push(line)),
    onShutdown: () => shutdowns++,
  });
  listener = createServer({ pauseOnConnect: true }, (socket) => grpc.accept(socket));
  await new Promise<void>((resolve) => listener.listen(socketPath, resolve));
  client = connectPlugin(socketPath);
});

after(async () => {
  client.close();
  await new Promise<void>((resolve) => grpc.close(100, resolve));
  listener.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a provider exception is an error diagnostic naming the RPC, and is logged', async () => {
  const res = await client.provider.ValidateResourceConfig({ typeName: 'aiven_fixture', config: { msgpack: Uint8Array.from([0xc0]) } });
  assert.equal(res.diagnostics.length, 1);
  assert.equal(res.diagnostics[0].severity, 1);
  assert.match(res.diagnostics[0].summary, /Unexpected error in the provider \(ValidateResourceConfig\)/);
  assert.match(res.diagnostics[0].detail, /boom in validation/);
  assert.ok(logged.some((l) => /"rpc":"ValidateResourceConfig"/.test(l) && /boom in validation/.test(l)));
});

test('StopProvider reaches the provider while an apply is in flight, and the apply then returns', async () => {
  const type = ['object', { id: 'string', name: 'string', delay_ms: 'number' }] as const;
  const started = Date.now();
  const apply = client.provider.ApplyResourceChange({
    typeName: 'aiven_fixture',
    priorState: { msgpack: Uint8Array.from([0xc0]) },
    plannedState: encodeDynamicValue({ id: null, name: 'slow', delay_ms: 8000 }, type),
    config: encodeDynamicValue({ id: null, name: 'slow', delay_ms: 8000 }, type),
  });
  await new Promise((r) => setTimeout(r, 200));
  assert.equal((await client.provider.StopProvider({})).Error, '');
  const res = await apply;
  assert.ok(Date.now() - started < 5000, 'the apply did not wait its full delay');
  assert.equal(res.diagnostics.length, 0);
  assert.ok(res.newState.msgpack.length > 1);
});

test('functions: none listed, calls answered with a function error; identity upgrade unimplemented', async () => {
  const fns = await client.provider.GetFunctions({});
  assert.deepEqual({ ...fns.functions }, {});
  const call = await client.provider.CallFunction({ name: 'anything' });
  assert.match(call.error.text, /no functions/);
  await assert.rejects(client.provider.UpgradeResourceIdentity({ typeName: 'aiven_fixture' }), /UNIMPLEMENTED/);
  const ids = await client.provider.GetResourceIdentitySchemas({});
  assert.deepEqual({ ...ids.identitySchemas }, {});
});

test('health reports the plugin SERVING; Shutdown answers and tells the process to stop', async () => {
  assert.equal((await client.health.Check({ service: 'plugin' })).status, 1);
  await client.controller.Shutdown({});
  assert.equal(shutdowns, 1);
});
