// The plan-time half of terraform's contract, checked by the framework: planned values of
// non-computed attributes equal the configuration; a resource without update must force replacement;
// modifyPlan may add replacement paths; nested list blocks get computed unknowns per element.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createFrameworkProviderServer,
  defineProvider,
  defineResource,
  defineSchema,
  listNestedBlock,
  stringAttribute,
  useStateForUnknown,
} from '../../../src/terraform/framework/index.js';
import { Unknown } from '../../../src/terraform/protocol/types.js';
import { NULL, decode, dv } from './harness.js';

const schema = defineSchema({
  attributes: {
    id: stringAttribute({ computed: true, planModifiers: [useStateForUnknown()] }),
    name: stringAttribute({ required: true }),
    note: stringAttribute({ optional: true }),
  },
  blocks: {
    rule: listNestedBlock({ attributes: { port: stringAttribute({ required: true }), rule_id: stringAttribute({ computed: true, planModifiers: [useStateForUnknown()] }) } }),
  },
});

function serverWith(resource: Partial<Parameters<typeof defineResource<typeof schema, null>>[0]>) {
  const r = defineResource<typeof schema, null>({
    typeName: 'test_thing',
    schema,
    create: () => ({ id: 'x', rule: [] }),
    read: ({ state }) => state,
    delete: () => {},
    ...resource,
  });
  return createFrameworkProviderServer(defineProvider({ typeName: 'test', version: '0', schema: defineSchema({ attributes: {} }), configure: () => null, resources: [r] }));
}

test('a plan that changes a configured value is reported as an invalid plan', async () => {
  const server = serverWith({
    modifyPlan({ plan }) {
      if (plan) (plan as Record<string, unknown>).note = 'sneaky';
    },
  });
  const config = dv(schema, { name: 'a', note: 'mine' });
  const res = await server.planResourceChange({ typeName: 'test_thing', priorState: NULL, proposedNewState: config, config });
  assert.equal(res.diagnostics[0].summary, 'Provider produced invalid plan');
  assert.deepEqual(res.diagnostics[0].attribute, [{ attributeName: 'note' }]);
  assert.match(res.diagnostics[0].detail!, /planned note = "sneaky", but the configuration says "mine"/);
});

test('modifyPlan can require replacement; without update an in-place change is a provider bug', async () => {
  const prior = dv(schema, { id: 'x', name: 'a' });
  const changed = dv(schema, { id: 'x', name: 'b' });
  const config = dv(schema, { name: 'b' });

  const noUpdate = serverWith({});
  const bug = await noUpdate.planResourceChange({ typeName: 'test_thing', priorState: prior, proposedNewState: changed, config });
  assert.equal(bug.diagnostics[0].summary, 'Resource Update Not Implemented');

  const replacing = serverWith({
    modifyPlan({ plan, state, requiresReplace }) {
      if (plan && state && plan.name !== state.name) requiresReplace.push(['name']);
    },
  });
  const ok = await replacing.planResourceChange({ typeName: 'test_thing', priorState: prior, proposedNewState: changed, config });
  assert.deepEqual(ok.diagnostics, []);
  assert.deepEqual(ok.requiresReplace, [[{ attributeName: 'name' }]]);
});

test('computed attributes inside list blocks: unknown on create, kept by UseStateForUnknown on update', async () => {
  const server = serverWith({ update: ({ plan }) => plan as never });
  const config = { name: 'a', rule: [{ port: '80' }, { port: '443' }] };
  const created = await server.planResourceChange({ typeName: 'test_thing', priorState: NULL, proposedNewState: dv(schema, config), config: dv(schema, config) });
  const planned = decode(schema, created.plannedState)!;
  assert.deepEqual(planned.rule, [{ port: '80', rule_id: Unknown }, { port: '443', rule_id: Unknown }]);

  const prior = { id: 'x', name: 'a', note: null, rule: [{ port: '80', rule_id: 'r1' }, { port: '443', rule_id: 'r2' }] };
  const renamed = { ...prior, name: 'b' };
  const update = await server.planResourceChange({ typeName: 'test_thing', priorState: dv(schema, prior), proposedNewState: dv(schema, renamed), config: dv(schema, { ...config, name: 'b' }) });
  assert.deepEqual(decode(schema, update.plannedState)!.rule, prior.rule);
});

test('a create that fails after making the object saves it (unknowns as null) with the error, no consistency noise', async () => {
  const server = serverWith({
    create: ({ diagnostics }) => {
      diagnostics.addError('Rule setup failed', 'the object was created, its rules were not');
      return { id: 'half-made' };
    },
  });
  const config = dv(schema, { name: 'a', rule: [{ port: '80' }] });
  const plan = await server.planResourceChange({ typeName: 'test_thing', priorState: NULL, proposedNewState: config, config });
  const res = await server.applyResourceChange({ typeName: 'test_thing', priorState: NULL, plannedState: plan.plannedState!, config });
  assert.deepEqual(res.diagnostics.map((d) => d.summary), ['Rule setup failed']);
  const state = decode(schema, res.newState)!;
  assert.equal(state.id, 'half-made');
  assert.deepEqual(state.rule, [{ port: '80', rule_id: null }]);
});
