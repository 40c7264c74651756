// The framework's own checks of the plan/apply contract, validation with attribute paths, timeouts
// as deadlines, StopProvider, data sources and ephemeral resources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFrameworkProviderServer } from '../../../src/terraform/framework/index.js';
import { Unknown } from '../../../src/terraform/protocol/types.js';
import { NULL, decode, dv, errors, summaries } from './harness.js';
import { newStore, widgetProvider, widgetSchema as S, type Store } from './widget-provider.js';

async function setup(knobs: Partial<Store> = {}) {
  const store = Object.assign(newStore(), knobs);
  const { provider, providerSchema, lookupSchema, leaseSchema, closed } = widgetProvider(store);
  const server = createFrameworkProviderServer(provider);
  await server.configureProvider({ terraformVersion: '1.11.4', config: dv(providerSchema, { token: 't' }) });
  return { store, server, lookupSchema, leaseSchema, closed, providerSchema };
}

async function planAndApply(server: Awaited<ReturnType<typeof setup>>['server'], config: Record<string, unknown>) {
  const plan = await server.planResourceChange({ typeName: 'test_widget', priorState: NULL, proposedNewState: dv(S, config), config: dv(S, config) });
  return server.applyResourceChange({ typeName: 'test_widget', priorState: NULL, plannedState: plan.plannedState!, config: dv(S, config) });
}

test('a create that changes a configured value is reported as an inconsistent result, with its path', async () => {
  const { server } = await setup({ bug: 'change-name' });
  const res = await planAndApply(server, { zone: 'z', name: 'alpha' });
  const [bug] = errors(res.diagnostics);
  assert.equal(bug.summary, 'Provider produced inconsistent result after apply');
  assert.deepEqual(bug.attribute, [{ attributeName: 'name' }]);
  assert.match(bug.detail!, /name: was "alpha", but now "alpha!"/);
  assert.match(bug.detail!, /bug in the provider/);
});

test('a create that leaves a computed value unknown is reported', async () => {
  const { server } = await setup({ bug: 'leave-unknown' });
  const res = await planAndApply(server, { zone: 'z', name: 'alpha' });
  assert.deepEqual(summaries(res.diagnostics), ['error: Provider produced inconsistent result after apply']);
  assert.match(res.diagnostics[0].detail!, /update_time: the value is still unknown after apply/);
});

test('wrong value types and attributes outside the schema are provider bugs, and nothing is saved', async () => {
  for (const bug of ['wrong-type', 'extra-attribute'] as const) {
    const { server } = await setup({ bug });
    const res = await planAndApply(server, { zone: 'z', name: 'alpha' });
    assert.equal(errors(res.diagnostics)[0].summary, 'Invalid state after create', bug);
    assert.match(errors(res.diagnostics)[0].detail!, bug === 'wrong-type' ? /size: expected a number, got the string "12"/ : /attribute "colour"/);
    assert.equal(decode(S, res.newState), null);
  }
});

test('a sensitive value is never quoted in a consistency diagnostic', async () => {
  const { server } = await setup();
  const config = { zone: 'z', name: 'alpha' };
  // A plan that claims a known secret the create will not return.
  const planned = { ...config, id: Unknown, enabled: true, secret: 'hunter2-planned', update_time: Unknown };
  const res = await server.applyResourceChange({ typeName: 'test_widget', priorState: NULL, plannedState: dv(S, planned), config: dv(S, config) });
  assert.deepEqual(res.diagnostics.map((d) => d.attribute), [[{ attributeName: 'secret' }]]);
  const details = res.diagnostics.map((d) => d.detail).join('\n');
  assert.match(details, /secret: the sensitive value changed/);
  assert.doesNotMatch(details, /hunter2|secret-w1/);
});

test('validators report the attribute path; bad timeouts are rejected with the value', async () => {
  const { server } = await setup();
  const res = await server.validateResourceConfig({
    typeName: 'test_widget',
    config: dv(S, { zone: 'z', name: 'much-too-long-name', size: 2.5, timeouts: { create: '10 minutes', delete: '0s' } }),
  });
  const byPath = Object.fromEntries(res.diagnostics.map((d) => [JSON.stringify(d.attribute), d.detail]));
  assert.match(byPath['[{"attributeName":"name"}]']!, /length between 1 and 10 characters; got 18/);
  assert.match(byPath['[{"attributeName":"size"}]']!, /a whole number between 1 and 100; got 2.5/);
  assert.match(byPath['[{"attributeName":"timeouts"},{"attributeName":"create"}]']!, /invalid duration "10 minutes"/);
  assert.match(byPath['[{"attributeName":"timeouts"},{"attributeName":"delete"}]']!, /must be longer than zero/);

  const ok = await server.validateResourceConfig({ typeName: 'test_widget', config: dv(S, { zone: 'z', name: 'ok', timeouts: { create: '2h45m' } }) });
  assert.deepEqual(ok.diagnostics, []);
});

test('the timeouts block is enforced as a deadline', async () => {
  const { server } = await setup({ delayMs: 5_000 });
  const started = Date.now();
  const res = await planAndApply(server, { zone: 'z', name: 'slow', timeouts: { create: '150ms' } });
  assert.ok(Date.now() - started < 2_000, 'gave up at the deadline');
  assert.equal(res.diagnostics[0].summary, 'Timeout while creating test_widget');
  assert.match(res.diagnostics[0].detail!, /did not finish within 150ms.*timeouts \{ create = /s);
  assert.equal(decode(S, res.newState), null);
});

test('StopProvider cancels work in flight and later calls run normally', async () => {
  const { server, store } = await setup({ delayMs: 5_000 });
  const pending = planAndApply(server, { zone: 'z', name: 'slow' });
  while (store.seenSignals.length === 0) await new Promise((r) => setTimeout(r, 5));
  assert.equal((await server.stopProvider()).error, '');
  const res = await pending;
  assert.equal(res.diagnostics[0].summary, 'Interrupted while creating test_widget');
  store.delayMs = 0;
  const after = await planAndApply(server, { zone: 'z', name: 'fast' });
  assert.deepEqual(after.diagnostics, []);
});

test('data source: exactly one of id or name; reads by either', async () => {
  const { server, lookupSchema } = await setup();
  await planAndApply(server, { zone: 'z9', name: 'alpha' });
  const both = await server.validateDataResourceConfig({ typeName: 'test_widget', config: dv(lookupSchema, { id: 'w1', name: 'alpha' }) });
  assert.match(both.diagnostics[0].detail!, /Exactly one of "id", "name" must be set; "id" and "name" are/);
  const none = await server.validateDataResourceConfig({ typeName: 'test_widget', config: dv(lookupSchema, {}) });
  assert.match(none.diagnostics[0].detail!, /none is/);

  const byName = await server.readDataSource({ typeName: 'test_widget', config: dv(lookupSchema, { name: 'alpha' }) });
  assert.deepEqual(byName.diagnostics, []);
  assert.deepEqual(decode(lookupSchema, byName.state), { id: 'w1', name: 'alpha', zone: 'z9' });
  const missing = await server.readDataSource({ typeName: 'test_widget', config: dv(lookupSchema, { id: 'w404' }) });
  assert.deepEqual(summaries(missing.diagnostics), ['error: Widget not found']);
});

test('ephemeral resource: open returns the result and private data that close receives', async () => {
  const { server, leaseSchema, closed } = await setup();
  const opened = await server.openEphemeralResource({ typeName: 'test_lease', config: dv(leaseSchema, { zone: 'eu' }) });
  assert.deepEqual(opened.diagnostics, []);
  assert.equal(decode(leaseSchema, opened.result)!.lease, 'lease-in-eu');
  assert.ok(opened.renewAt instanceof Date);
  const closedRes = await server.closeEphemeralResource({ typeName: 'test_lease', private: opened.private });
  assert.deepEqual(closedRes.diagnostics, []);
  assert.deepEqual(closed, ['L-eu']);
});

test('configure: an error diagnostic from the provider reaches terraform with its path', async () => {
  const { server, providerSchema } = await setup();
  const res = await server.configureProvider({ terraformVersion: '1.11.4', config: dv(providerSchema, {}) });
  assert.deepEqual(res.diagnostics, [{ severity: 'error', summary: 'Missing token', detail: 'Set token.', attribute: [{ attributeName: 'token' }] }]);
});

test('schema: flags, markdown descriptions and the timeouts block reach the protocol schema', async () => {
  const { server } = await setup();
  const schema = (await server.getProviderSchema()).resourceSchemas.test_widget;
  const attr = (n: string) => schema.block.attributes.find((a) => a.name === n)!;
  assert.deepEqual(attr('secret'), { name: 'secret', type: 'string', computed: true, sensitive: true });
  assert.deepEqual(attr('update_time'), { name: 'update_time', type: 'string', description: 'Last **update**.', descriptionKind: 'markdown', computed: true });
  assert.deepEqual(attr('tags').type, ['set', 'string']);
  const timeouts = schema.block.blockTypes.find((b) => b.typeName === 'timeouts')!;
  assert.equal(timeouts.nesting, 'single');
  assert.deepEqual(timeouts.block.attributes.map((a) => a.name).sort(), ['create', 'delete', 'read', 'update']);
  const meta = await server.getMetadata();
  assert.deepEqual(meta.resources, [{ typeName: 'test_widget' }]);
  assert.deepEqual(meta.ephemeralResources, [{ typeName: 'test_lease' }]);
});
