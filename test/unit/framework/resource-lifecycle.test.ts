// The framework's ProviderServer driven as terraform drives it (plan → apply → refresh → plan …),
// with DynamicValues encoded by the real cty codec.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Unknown } from '../../../src/terraform/protocol/types.js';
import { createFrameworkProviderServer } from '../../../src/terraform/framework/index.js';
import { NULL, decode, dv, errors, summaries } from './harness.js';
import { newStore, widgetProvider, widgetSchema as S } from './widget-provider.js';

function setup() {
  const store = newStore();
  const { provider } = widgetProvider(store);
  const server = createFrameworkProviderServer(provider);
  return { store, server };
}

async function configure(server: ReturnType<typeof setup>['server']) {
  const { providerSchema } = widgetProvider(newStore());
  const res = await server.configureProvider({ terraformVersion: '1.11.4', config: dv(providerSchema, { token: 't', endpoint: 'e' }) });
  assert.deepEqual(res.diagnostics, []);
}

/** plan + apply of a create, returning the new state (decoded) and raw. */
async function create(server: ReturnType<typeof setup>['server'], config: Record<string, unknown>) {
  const plan = await server.planResourceChange({ typeName: 'test_widget', priorState: NULL, proposedNewState: dv(S, config), config: dv(S, config) });
  assert.deepEqual(errors(plan.diagnostics), []);
  const apply = await server.applyResourceChange({ typeName: 'test_widget', priorState: NULL, plannedState: plan.plannedState!, config: dv(S, config) });
  return { plan, apply, state: decode(S, apply.newState) };
}

test('create plan: computed attributes unknown, defaults applied, nothing to replace', async () => {
  const { server } = setup();
  const config = { zone: 'z1', name: 'alpha' };
  const res = await server.planResourceChange({ typeName: 'test_widget', priorState: NULL, proposedNewState: dv(S, config), config: dv(S, config) });
  assert.deepEqual(res.diagnostics, []);
  assert.deepEqual(res.requiresReplace, []);
  const planned = decode(S, res.plannedState)!;
  assert.equal(planned.id, Unknown);
  assert.equal(planned.secret, Unknown);
  assert.equal(planned.update_time, Unknown);
  assert.equal(planned.enabled, true, 'default');
  assert.equal(planned.name, 'alpha');
  assert.equal(planned.size, null, 'optional, not computed: stays null');
});

test('apply create returns the planned values and fills the unknown ones', async () => {
  const { server, store } = setup();
  await configure(server);
  const { apply, state } = await create(server, { zone: 'z1', name: 'alpha', size: 3, tags: ['b', 'a'], port: [{ number: 80 }] });
  assert.deepEqual(apply.diagnostics, []);
  assert.equal(state!.id, 'w1');
  assert.equal(state!.secret, 'secret-w1');
  assert.equal(state!.size, 3);
  assert.deepEqual((state!.port as { label: string }[])[0].label, 'port-80');
  assert.equal((state!.timeouts as unknown), null, 'left-out block keeps its planned value');
  assert.equal(store.widgets.size, 1);
});

test('plan after apply with the same config has no changes; a name change updates in place', async () => {
  const { server } = setup();
  await configure(server);
  const config = { zone: 'z1', name: 'alpha' };
  const { apply, state } = await create(server, config);

  // terraform's proposed new state = prior state with config values merged over it.
  const same = await server.planResourceChange({ typeName: 'test_widget', priorState: apply.newState!, proposedNewState: apply.newState!, config: dv(S, config) });
  assert.deepEqual(decode(S, same.plannedState), state, 'no diff');
  assert.deepEqual(same.requiresReplace, []);

  const renamed = { ...state!, name: 'beta' };
  const plan = await server.planResourceChange({ typeName: 'test_widget', priorState: apply.newState!, proposedNewState: dv(S, renamed), config: dv(S, { ...config, name: 'beta' }) });
  const planned = decode(S, plan.plannedState)!;
  assert.equal(planned.id, 'w1', 'UseStateForUnknown keeps the id');
  assert.equal(planned.secret, 'secret-w1');
  assert.equal(planned.update_time, Unknown, 'other computed attributes may change');
  assert.deepEqual(plan.requiresReplace, []);

  const applied = await server.applyResourceChange({ typeName: 'test_widget', priorState: apply.newState!, plannedState: plan.plannedState!, config: dv(S, { ...config, name: 'beta' }) });
  assert.deepEqual(applied.diagnostics, []);
  const after = decode(S, applied.newState)!;
  assert.equal(after.name, 'beta');
  assert.equal(after.update_time, 't2');
  assert.equal(after.secret, 'secret-w1', 'kept from the plan');
});

test('changing a RequiresReplace attribute reports its path', async () => {
  const { server } = setup();
  await configure(server);
  const { apply, state } = await create(server, { zone: 'z1', name: 'alpha' });
  const plan = await server.planResourceChange({
    typeName: 'test_widget',
    priorState: apply.newState!,
    proposedNewState: dv(S, { ...state!, zone: 'z2' }),
    config: dv(S, { zone: 'z2', name: 'alpha' }),
  });
  assert.deepEqual(plan.requiresReplace, [[{ attributeName: 'zone' }]]);
});

test('destroy: null proposed state plans null, apply deletes and returns null', async () => {
  const { server, store } = setup();
  await configure(server);
  const { apply } = await create(server, { zone: 'z1', name: 'alpha' });
  const plan = await server.planResourceChange({ typeName: 'test_widget', priorState: apply.newState!, proposedNewState: NULL, config: NULL });
  assert.deepEqual(plan.diagnostics, []);
  assert.equal(decode(S, plan.plannedState), null);
  const destroyed = await server.applyResourceChange({ typeName: 'test_widget', priorState: apply.newState!, plannedState: NULL, config: NULL });
  assert.deepEqual(destroyed.diagnostics, []);
  assert.equal(decode(S, destroyed.newState), null);
  assert.equal(store.widgets.size, 0);
});

test('read: returning null removes the object; a failing read keeps the state and reports the error', async () => {
  const { server, store } = setup();
  await configure(server);
  const { apply } = await create(server, { zone: 'z1', name: 'alpha' });

  store.readError = 'backend on fire';
  const failed = await server.readResource({ typeName: 'test_widget', currentState: apply.newState! });
  assert.deepEqual(summaries(failed.diagnostics), ['error: Error reading test_widget']);
  assert.equal(failed.diagnostics[0].detail, 'backend on fire');
  assert.deepEqual(decode(S, failed.newState), decode(S, apply.newState));

  store.readError = undefined;
  store.widgets.get('w1')!.name = 'drifted';
  const drift = await server.readResource({ typeName: 'test_widget', currentState: apply.newState! });
  assert.equal(decode(S, drift.newState)!.name, 'drifted');
  assert.equal(decode(S, drift.newState)!.secret, 'secret-w1', 'attributes read leaves out keep their value');

  store.widgets.clear();
  const gone = await server.readResource({ typeName: 'test_widget', currentState: apply.newState! });
  assert.deepEqual(gone.diagnostics, []);
  assert.equal(decode(S, gone.newState), null);
});

test('UpgradeResourceState always returns the state, from stored JSON', async () => {
  const { server } = setup();
  const json = new TextEncoder().encode(JSON.stringify({ id: 'w7', zone: 'z', name: 'n', removed_attribute: 1 }));
  const res = await server.upgradeResourceState({ typeName: 'test_widget', version: 0, rawState: { json } });
  assert.deepEqual(res.diagnostics, []);
  const state = decode(S, res.upgradedState)!;
  assert.equal(state.id, 'w7');
  assert.equal(state.size, null);

  const newer = await server.upgradeResourceState({ typeName: 'test_widget', version: 3, rawState: { json } });
  assert.deepEqual(summaries(newer.diagnostics), ['error: Unable to Upgrade Resource State']);
});

test('import splits the ID; a malformed ID is a clear diagnostic', async () => {
  const { server } = setup();
  const ok = await server.importResourceState({ typeName: 'test_widget', id: 'z1/w9' });
  assert.deepEqual(ok.diagnostics, []);
  const state = decode(S, ok.importedResources[0].state)!;
  assert.equal(state.zone, 'z1');
  assert.equal(state.id, 'w9');
  assert.equal(state.name, null);

  const bad = await server.importResourceState({ typeName: 'test_widget', id: 'w9' });
  assert.equal(bad.importedResources.length, 0);
  assert.equal(bad.diagnostics[0].summary, 'Invalid Import ID');
  assert.match(bad.diagnostics[0].detail!, /"w9" is not of the form ZONE\/ID: it has 1 part separated by "\/", expected 2/);
});

test('MoveResourceState answers a clear diagnostic', async () => {
  const { server } = setup();
  const res = await server.moveResourceState({ sourceProviderAddress: 'registry.terraform.io/x/y', sourceTypeName: 'y_thing', sourceSchemaVersion: 0, sourceState: {}, targetTypeName: 'test_widget' });
  assert.equal(res.diagnostics[0].summary, 'Unable to Move Resource State');
  assert.match(res.diagnostics[0].detail!, /y_thing/);
});

test('unknown type names are diagnostics, not crashes', async () => {
  const { server } = setup();
  const res = await server.planResourceChange({ typeName: 'test_nope', priorState: NULL, proposedNewState: NULL, config: NULL });
  assert.equal(res.diagnostics[0].summary, 'Unknown resource type');
  assert.match(res.diagnostics[0].detail!, /no resource "test_nope". Known: test_widget/);
});
