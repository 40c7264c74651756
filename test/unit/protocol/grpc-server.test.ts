// The gRPC services in-process over a real unix socket: provider RPCs reach the ProviderServer, a
// provider exception becomes an error diagnostic naming the RPC, StopProvider reaches the provider
// while another call is in flight, and the go-plugin services answer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect as http2Connect, constants as http2Constants, type ClientHttp2Session, type IncomingHttpHeaders } from 'node:http2';
import { connect as connectSocket, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGrpcPluginServer, type GrpcPluginServer } from '../../../src/terraform/protocol/grpc-server.js';
import { createLogger } from '../../../src/terraform/protocol/log.js';
import type { ProviderServer } from '../../../src/terraform/protocol/types.js';
import { fixtureProvider } from '../../support/plugin-fixture.js';
import { connectPlugin, type PluginClient } from '../../support/plugin-fixture-process.js';
import { encodeDynamicValue } from '../../../src/terraform/protocol/cty/index.js';
import { serviceDefinition } from '../../../src/terraform/protocol/grpc-services.js';
import { frameMessage } from '../../../src/terraform/protocol/grpc-wire.js';

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
  await new Promise<void>((resolve) => grpc.close(resolve));
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

// What grpc-js's client never sends, sent by hand over HTTP/2: the server answers each with the status
// a gRPC server gives, and keeps serving.
interface RawAnswer {
  status: number | undefined;
  grpcStatus: string | undefined;
  grpcMessage: string | undefined;
  body: Buffer;
}

function rawSession(): ClientHttp2Session {
  const session = http2Connect('http://localhost', { createConnection: () => connectSocket(socketPath) });
  session.on('error', () => {});
  return session;
}

function rawCall(session: ClientHttp2Session, path: string, body: Buffer, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ':method': 'POST', ':path': path, 'content-type': 'application/grpc', te: 'trailers', ...headers });
    const answer: RawAnswer = { status: undefined, grpcStatus: undefined, grpcMessage: undefined, body: Buffer.alloc(0) };
    const note = (h: IncomingHttpHeaders) => {
      if (h[':status'] !== undefined) answer.status = Number(h[':status']);
      if (h['grpc-status'] !== undefined) answer.grpcStatus = String(h['grpc-status']);
      if (h['grpc-message'] !== undefined) answer.grpcMessage = String(h['grpc-message']);
    };
    stream.on('response', note);
    stream.on('trailers', note);
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('error', reject);
    stream.on('close', () => resolve({ ...answer, body: Buffer.concat(chunks) }));
    stream.end(body);
  });
}

const health = serviceDefinition('grpc.health.v1.Health');
const checkFrame = () => frameMessage(health.Check.requestSerialize({ service: 'plugin' }));

test('raw HTTP/2: unknown methods, wrong content types, extra or broken messages get gRPC statuses, not a crash', async () => {
  const session = rawSession();
  try {
    const unknown = await rawCall(session, '/tfplugin6.Provider/NoSuchMethod', checkFrame());
    assert.equal(unknown.grpcStatus, '12');
    assert.match(decodeURIComponent(unknown.grpcMessage ?? ''), /unknown method \/tfplugin6.Provider\/NoSuchMethod/);

    const notGrpc = await rawCall(session, health.Check.path, checkFrame(), { 'content-type': 'application/json' });
    assert.equal(notGrpc.status, 415);

    const twice = await rawCall(session, health.Check.path, Buffer.concat([checkFrame(), checkFrame()]));
    assert.equal(twice.grpcStatus, '3');

    const none = await rawCall(session, health.Check.path, Buffer.alloc(0));
    assert.equal(none.grpcStatus, '3');

    const cut = await rawCall(session, health.Check.path, checkFrame().subarray(0, 6));
    assert.equal(cut.grpcStatus, '3');

    const garbage = await rawCall(session, health.Check.path, frameMessage(Buffer.from([0xff, 0xff, 0xff, 0xff])));
    assert.equal(garbage.grpcStatus, '13');

    const compressed = await rawCall(session, health.Check.path, checkFrame(), { 'grpc-encoding': 'gzip' });
    assert.equal(compressed.grpcStatus, '12');

    const ok = await rawCall(session, health.Check.path, checkFrame());
    assert.equal(ok.grpcStatus, '0');
    assert.equal(health.Check.responseDeserialize(ok.body.subarray(5)).status, 1);
  } finally {
    session.close();
  }
  assert.equal((await client.health.Check({ service: 'plugin' })).status, 1);
});

test('a call the client cancels mid-apply leaves the server serving; a 6 MB request arrives whole', async () => {
  const session = rawSession();
  try {
    const type = ['object', { id: 'string', name: 'string', delay_ms: 'number' }] as const;
    const apply = serviceDefinition('tfplugin6.Provider').ApplyResourceChange;
    const slow = encodeDynamicValue({ id: null, name: 'slow', delay_ms: 300 }, type);
    const stream = session.request({ ':method': 'POST', ':path': apply.path, 'content-type': 'application/grpc', te: 'trailers' });
    stream.on('error', () => {});
    stream.end(frameMessage(apply.requestSerialize({ typeName: 'aiven_fixture', priorState: { msgpack: Uint8Array.from([0xc0]) }, plannedState: slow, config: slow })));
    await new Promise((r) => setTimeout(r, 50));
    stream.close(http2Constants.NGHTTP2_CANCEL);
    await new Promise((r) => setTimeout(r, 400)); // the apply finishes after its caller is gone

    const validate = serviceDefinition('tfplugin6.Provider').ValidateResourceConfig;
    const big = encodeDynamicValue({ id: null, name: 'x'.repeat(6 * 1024 * 1024), delay_ms: null }, type);
    const answer = await rawCall(session, validate.path, frameMessage(validate.requestSerialize({ typeName: 'aiven_fixture', config: big })));
    assert.equal(answer.grpcStatus, '0');
    // the provider of this file throws in validation: the error comes back as a diagnostic
    assert.match(validate.responseDeserialize(answer.body.subarray(5)).diagnostics[0].detail, /boom in validation/);
  } finally {
    session.close();
  }
  assert.equal((await client.health.Check({ service: 'plugin' })).status, 1);
});
