// fromproto/toproto through real protobuf bytes: what terraform sends decodes into the plain types,
// and what the framework answers encodes into the fields terraform reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as from from '../../../src/terraform/protocol/fromproto.js';
import * as to from '../../../src/terraform/protocol/toproto.js';
import { messageCodec } from '../../../src/terraform/protocol/proto/messages.js';
import type { WireMessage } from '../../../src/terraform/protocol/fromproto.js';

/** Encodes with one type and decodes again, as the bytes would cross the wire (untyped: any message). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function wire(type: string, message: WireMessage): any {
  const codec = messageCodec(type);
  return codec.decode(codec.encode(message).finish());
}

// `npm test` typechecks before it runs: these lines fail it if the generated message types
// (src/terraform/protocol/proto/message-types.d.ts) stop checking field names.
type ReadResourceWire = Parameters<typeof from.readResourceRequest>[0];
type ReadResourceAnswer = ReturnType<typeof to.readResourceResponse>;
// @ts-expect-error a misspelt request field does not compile
export const misspeltRequestField = (m: ReadResourceWire) => m.curentState;
// @ts-expect-error a misspelt response field does not compile
export const misspeltResponseField: ReadResourceAnswer = { diagnostics: [], newStat: {} };

const bytes = (...b: number[]) => Uint8Array.from(b);

test('PlanResourceChange request: create (no prior state) with private data and capabilities', () => {
  const m = wire('tfplugin6.PlanResourceChange.Request', {
    typeName: 'aiven_organization',
    proposedNewState: { msgpack: bytes(0x81, 0xa1, 0x61, 0x01) },
    config: { json: new TextEncoder().encode('{"a":1}') },
    priorPrivate: bytes(1, 2),
    clientCapabilities: { deferralAllowed: true },
  });
  const req = from.planResourceChangeRequest(m);
  assert.equal(req.typeName, 'aiven_organization');
  assert.deepEqual(req.priorState, {}, 'absent prior state');
  assert.deepEqual([...req.proposedNewState.msgpack!], [0x81, 0xa1, 0x61, 0x01]);
  assert.equal(new TextDecoder().decode(req.config.json), '{"a":1}');
  assert.deepEqual([...req.priorPrivate!], [1, 2]);
  assert.equal(req.providerMeta, undefined);
  assert.deepEqual(req.clientCapabilities, { deferralAllowed: true, writeOnlyAttributesAllowed: false });
});

test('UpgradeResourceState and MoveResourceState requests: raw state JSON, flatmap, int64 versions as numbers', () => {
  const up = from.upgradeResourceStateRequest(
    wire('tfplugin6.UpgradeResourceState.Request', { typeName: 't', version: 3, rawState: { json: new TextEncoder().encode('{}') } }),
  );
  assert.equal(up.version, 3);
  assert.equal(typeof up.version, 'number');
  assert.equal(new TextDecoder().decode(up.rawState.json), '{}');
  assert.equal(up.rawState.flatmap, undefined);
  const move = from.moveResourceStateRequest(
    wire('tfplugin6.MoveResourceState.Request', {
      sourceProviderAddress: 'registry.terraform.io/x/y',
      sourceTypeName: 'y_thing',
      sourceSchemaVersion: 2,
      sourceState: { flatmap: { id: 'a' } },
      targetTypeName: 'aiven_organization',
    }),
  );
  assert.deepEqual(move.sourceState, { flatmap: { id: 'a' } });
  assert.equal(move.sourceSchemaVersion, 2);
});

test('diagnostics: severity numbers, attribute paths with every step kind', () => {
  const m = wire(
    'tfplugin6.ValidateResourceConfig.Response',
    to.diagnosticsResponse({
      diagnostics: [
        { severity: 'error', summary: 'bad', detail: 'very', attribute: [{ attributeName: 'rules' }, { elementKeyInt: 2 }, { elementKeyString: 'k' }] },
        { severity: 'warning', summary: 'meh' },
      ],
    }),
  );
  assert.equal(m.diagnostics.length, 2);
  assert.equal(m.diagnostics[0].severity, 1);
  assert.equal(m.diagnostics[0].detail, 'very');
  assert.deepEqual(
    m.diagnostics[0].attribute.steps.map((s: WireMessage) => ({ ...s })),
    [{ attributeName: 'rules' }, { elementKeyInt: 2 }, { elementKeyString: 'k' }],
  );
  assert.equal(m.diagnostics[1].severity, 2);
  assert.equal(m.diagnostics[1].attribute, null);
});

test('schemas: cty types as JSON bytes, nesting modes, string kinds, nested attribute objects', () => {
  const m = wire(
    'tfplugin6.GetProviderSchema.Response',
    to.getProviderSchemaResponse({
      provider: { version: 0, block: { attributes: [{ name: 'api_token', type: 'string', optional: true, sensitive: true }], blockTypes: [] } },
      resourceSchemas: {
        aiven_thing: {
          version: 2,
          block: {
            description: 'A **thing**',
            descriptionKind: 'markdown',
            attributes: [
              { name: 'tags', type: ['map', 'string'], optional: true },
              { name: 'obj', type: ['object', { b: 'number', a: 'bool' }], computed: true },
              { name: 'nested', nestedType: { nesting: 'list', attributes: [{ name: 'x', type: 'string', required: true }] }, optional: true },
            ],
            blockTypes: [
              { typeName: 'timeouts', nesting: 'single', block: { attributes: [{ name: 'create', type: 'string', optional: true }], blockTypes: [] } },
              { typeName: 'rule', nesting: 'set', minItems: 1, maxItems: 3, block: { attributes: [], blockTypes: [] } },
            ],
          },
        },
      },
      dataSourceSchemas: {},
      ephemeralResourceSchemas: {},
      serverCapabilities: { planDestroy: true },
      diagnostics: [],
    }),
  );
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  assert.equal(m.provider.block.attributes[0].sensitive, true);
  const thing = m.resourceSchemas.aiven_thing;
  assert.equal(thing.version, 2);
  assert.equal(thing.block.descriptionKind, 1);
  assert.equal(text(thing.block.attributes[0].type), '["map","string"]');
  assert.equal(text(thing.block.attributes[1].type), '["object",{"a":"bool","b":"number"}]');
  assert.equal(thing.block.attributes[2].nestedType.nesting, 2);
  assert.equal(thing.block.attributes[2].type.length, 0, 'no type beside a nested type');
  assert.deepEqual(
    thing.block.blockTypes.map((b: WireMessage) => [b.typeName, b.nesting, b.minItems, b.maxItems]),
    [['timeouts', 1, 0, 0], ['rule', 3, 1, 3]],
  );
  assert.equal(m.serverCapabilities.planDestroy, true);
});

test('responses carry states, private data and replacement paths; a missing state stays absent', () => {
  const plan = wire(
    'tfplugin6.PlanResourceChange.Response',
    to.planResourceChangeResponse({
      plannedState: { msgpack: bytes(0xc0) },
      requiresReplace: [[{ attributeName: 'name' }]],
      plannedPrivate: bytes(9),
      diagnostics: [],
    }),
  );
  assert.deepEqual([...plan.plannedState.msgpack], [0xc0]);
  assert.equal(plan.requiresReplace[0].steps[0].attributeName, 'name');
  assert.deepEqual([...plan.plannedPrivate], [9]);
  assert.equal(plan.legacyTypeSystem, false);

  const upgraded = wire('tfplugin6.UpgradeResourceState.Response', to.upgradeResourceStateResponse({ diagnostics: [{ severity: 'error', summary: 'x' }] }));
  assert.equal(upgraded.upgradedState, null);

  const imported = wire(
    'tfplugin6.ImportResourceState.Response',
    to.importResourceStateResponse({ importedResources: [{ typeName: 't', state: { msgpack: bytes(0x80) } }], diagnostics: [] }),
  );
  assert.equal(imported.importedResources[0].typeName, 't');
  assert.equal(wire('tfplugin6.StopProvider.Response', to.stopProviderResponse({ error: '' })).Error, '');
});

test('ephemeral resources: renew_at as a protobuf timestamp', () => {
  const m = wire(
    'tfplugin6.OpenEphemeralResource.Response',
    to.openEphemeralResourceResponse({ diagnostics: [], renewAt: new Date(1_700_000_000_250), result: { msgpack: bytes(0x80) }, private: bytes(7) }),
  );
  assert.equal(m.renewAt.seconds, 1_700_000_000);
  assert.equal(m.renewAt.nanos, 250_000_000);
  assert.deepEqual([...m.private], [7]);
  const closed = from.closeEphemeralResourceRequest(wire('tfplugin6.CloseEphemeralResource.Request', { typeName: 'e', private: bytes(7) }));
  assert.deepEqual({ ...closed, private: [...closed.private!] }, { typeName: 'e', private: [7] });
});
