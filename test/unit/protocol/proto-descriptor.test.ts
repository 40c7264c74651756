// The generated protobuf descriptor matches the .proto files it comes from, and keeps the names and
// numbers terraform and go-plugin use on the wire.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { protoRoot } from '../../../src/terraform/protocol/proto/messages.js';

test('src/terraform/protocol/proto/descriptor.ts is regenerated from the .proto files (node scripts/gen-proto.mjs)', async () => {
  const gen = (await import('../../../scripts/gen-proto.mjs' as string)) as { descriptorSource(): string; descriptorFile: string };
  assert.equal(readFileSync(gen.descriptorFile, 'utf8'), gen.descriptorSource(), 'descriptor.ts is stale: run node scripts/gen-proto.mjs');
});

test('service and method paths are the ones terraform calls', () => {
  const provider = protoRoot.lookupService('tfplugin6.Provider');
  for (const rpc of [
    'GetMetadata', 'GetProviderSchema', 'GetResourceIdentitySchemas', 'ValidateProviderConfig', 'ConfigureProvider',
    'ValidateResourceConfig', 'UpgradeResourceState', 'ReadResource', 'PlanResourceChange', 'ApplyResourceChange',
    'ImportResourceState', 'MoveResourceState', 'ValidateDataResourceConfig', 'ReadDataSource',
    'ValidateEphemeralResourceConfig', 'OpenEphemeralResource', 'RenewEphemeralResource', 'CloseEphemeralResource',
    'GetFunctions', 'CallFunction', 'StopProvider',
  ]) {
    assert.ok(provider.methods[rpc], `tfplugin6.Provider/${rpc}`);
  }
  assert.ok(protoRoot.lookupService('plugin.GRPCController').methods.Shutdown);
  assert.ok(protoRoot.lookupService('plugin.GRPCStdio').methods.StreamStdio.responseStream);
  assert.ok(protoRoot.lookupService('grpc.health.v1.Health').methods.Check);
});

test('field numbers of the messages values travel in', () => {
  const ids = (type: string) => Object.fromEntries(Object.values(protoRoot.lookupType(type).fields).map((f) => [f.name, f.id]));
  assert.deepEqual(ids('tfplugin6.DynamicValue'), { msgpack: 1, json: 2 });
  assert.deepEqual(ids('tfplugin6.PlanResourceChange.Request'), {
    typeName: 1, priorState: 2, proposedNewState: 3, config: 4, priorPrivate: 5, providerMeta: 6, clientCapabilities: 7,
  });
  assert.deepEqual(ids('tfplugin6.Schema.Attribute'), {
    name: 1, type: 2, nestedType: 10, description: 3, required: 4, optional: 5, computed: 6, sensitive: 7,
    descriptionKind: 8, deprecated: 9, writeOnly: 11,
  });
  assert.deepEqual(ids('tfplugin6.StopProvider.Response'), { Error: 1 });
  assert.deepEqual(ids('tfplugin6.UpgradeResourceState.Response'), { upgradedState: 1, diagnostics: 2 });
});
