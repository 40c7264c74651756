// The generated protocol code (scripts/gen-proto.mjs) matches the .proto files it comes from, keeps the
// names and numbers terraform and go-plugin use on the wire, and encodes exactly as protobufjs
// reflection of those files does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Root } from 'protobufjs';
import { messageCodec, services } from '../../../src/terraform/protocol/proto/messages.js';

interface Generator {
  loadProtoRoot(): Root;
  codecsSource(pb?: Root): string;
  servicesSource(pb?: Root): string;
  messageTypesSource(pb?: Root): Promise<string>;
  codecsFile: string;
  servicesFile: string;
  messageTypesFile: string;
}
const gen = (await import('../../../scripts/gen-proto.mjs' as string)) as Generator;
const reflection = gen.loadProtoRoot();

test('codecs.js and services.ts are regenerated from the .proto files (node scripts/gen-proto.mjs)', () => {
  assert.equal(readFileSync(gen.codecsFile, 'utf8'), gen.codecsSource(reflection), 'codecs.js is stale: run node scripts/gen-proto.mjs');
  assert.equal(readFileSync(gen.servicesFile, 'utf8'), gen.servicesSource(reflection), 'services.ts is stale: run node scripts/gen-proto.mjs');
});

test('message-types.d.ts is regenerated from the .proto files, int64 as plain numbers', async () => {
  const types = await gen.messageTypesSource(reflection);
  assert.equal(readFileSync(gen.messageTypesFile, 'utf8'), types, 'message-types.d.ts is stale: run node scripts/gen-proto.mjs');
  assert.match(types, /class DynamicValue \{[^}]*msgpack: Uint8Array;/, 'message classes with their fields');
  assert.doesNotMatch(types, /\bLong\b/, 'no Long: int64 fields decode to numbers at run time');
});

test('service and method paths are the ones terraform calls', () => {
  const names = (service: string) => (services[service] ?? []).map((m) => m.name);
  for (const rpc of [
    'GetMetadata', 'GetProviderSchema', 'GetResourceIdentitySchemas', 'ValidateProviderConfig', 'ConfigureProvider',
    'ValidateResourceConfig', 'UpgradeResourceState', 'ReadResource', 'PlanResourceChange', 'ApplyResourceChange',
    'ImportResourceState', 'MoveResourceState', 'ValidateDataResourceConfig', 'ReadDataSource',
    'ValidateEphemeralResourceConfig', 'OpenEphemeralResource', 'RenewEphemeralResource', 'CloseEphemeralResource',
    'GetFunctions', 'CallFunction', 'StopProvider',
  ]) {
    assert.ok(names('tfplugin6.Provider').includes(rpc), `tfplugin6.Provider/${rpc}`);
  }
  assert.deepEqual(names('plugin.GRPCController'), ['Shutdown']);
  const stdio = services['plugin.GRPCStdio'].find((m) => m.name === 'StreamStdio');
  assert.equal(stdio?.responseStream, true);
  assert.equal(stdio?.requestType, 'google.protobuf.Empty');
  assert.ok(names('grpc.health.v1.Health').includes('Check'));
});

test('field numbers of the messages values travel in', () => {
  const ids = (type: string) => Object.fromEntries(reflection.lookupType(type).fieldsArray.map((f) => [f.name, f.id]));
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

test('the static codecs write the same bytes as reflection, and read int64 as plain numbers', () => {
  const samples: [string, object][] = [
    ['tfplugin6.PlanResourceChange.Request', {
      typeName: 'aiven_organization',
      priorState: { msgpack: Uint8Array.from([0xc0]) },
      proposedNewState: { msgpack: Uint8Array.from([0x81, 0xa1, 0x61, 0x01]) },
      clientCapabilities: { deferralAllowed: true },
    }],
    ['tfplugin6.GetProviderSchema.Response', {
      provider: { version: 3, block: { attributes: [{ name: 'api_token', type: Buffer.from('"string"'), optional: true, sensitive: true }] } },
      resourceSchemas: { aiven_organization: { version: 0, block: { blockTypes: [{ typeName: 'timeouts', nesting: 1, block: {} }] } } },
      diagnostics: [{ severity: 1, summary: 'x', attribute: { steps: [{ attributeName: 'a' }, { elementKeyInt: 2 ** 40 }] } }],
    }],
  ];
  for (const [type, message] of samples) {
    const staticBytes = messageCodec(type).encode(message).finish();
    const reflectionBytes = reflection.lookupType(type).encode(message).finish();
    assert.deepEqual(Buffer.from(staticBytes), Buffer.from(reflectionBytes), type);
  }
  const schema = messageCodec('tfplugin6.GetProviderSchema.Response').decode(
    messageCodec('tfplugin6.GetProviderSchema.Response').encode(samples[1][1]).finish(),
  ) as { provider: { version: unknown }; diagnostics: { attribute: { steps: { elementKeyInt: unknown }[] } }[] };
  assert.equal(schema.provider.version, 3);
  assert.equal(schema.diagnostics[0].attribute.steps[1].elementKeyInt, 2 ** 40);
  assert.throws(() => messageCodec('tfplugin6.NoSuchMessage'), /no protobuf message tfplugin6\.NoSuchMessage/);
});
