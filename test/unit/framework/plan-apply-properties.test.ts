// Property: for any valid widget configuration, plan → apply → refresh → plan again (with the proposed
// new state terraform would compute) yields no diagnostics and a no-op second plan; changing only the
// name then plans an in-place update that applies consistently.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createFrameworkProviderServer, valuesEqual } from '../../../src/terraform/framework/index.js';
import { NULL, decode, dv, fill } from './harness.js';
import { newStore, widgetProvider, widgetSchema as S } from './widget-provider.js';

/** terraform's ProposedNew: config values, except null config of computed attributes takes the prior value. */
function proposed(def: { attributes: Record<string, { computed?: boolean }>; blocks?: Record<string, any> }, config: Record<string, unknown>, prior: Record<string, unknown> | null): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, attr] of Object.entries(def.attributes)) {
    out[name] = config[name] === null && attr.computed && prior ? prior[name] : config[name];
  }
  for (const [name, block] of Object.entries(def.blocks ?? {})) {
    const c = config[name];
    const p = prior?.[name];
    if (block.nesting === 'list') out[name] = (c as Record<string, unknown>[]).map((e, i) => proposed(block, e, Array.isArray(p) ? (p[i] ?? null) : null));
    else out[name] = c === null ? null : proposed(block, c as Record<string, unknown>, (p as Record<string, unknown>) ?? null);
  }
  return out;
}

const configs = fc.record({
  zone: fc.constantFrom('z1', 'z2'),
  name: fc.string({ minLength: 1, maxLength: 10 }),
  size: fc.option(fc.integer({ min: 1, max: 100 }), { nil: null }),
  enabled: fc.option(fc.boolean(), { nil: null }),
  tags: fc.option(fc.uniqueArray(fc.string({ maxLength: 5 }), { maxLength: 4 }), { nil: null }),
  port: fc.array(fc.record({ number: fc.integer({ min: 1, max: 65535 }), label: fc.option(fc.string({ maxLength: 5 }), { nil: null }) }), { maxLength: 3 }),
  timeouts: fc.option(fc.record({ create: fc.constantFrom('30s', '2h45m', null) }), { nil: null }),
});

test('plan/apply/refresh/plan round trips are consistent and the second plan is a no-op', async () => {
  await fc.assert(
    fc.asyncProperty(configs, fc.string({ minLength: 1, maxLength: 10 }), async (raw, newName) => {
      const store = newStore();
      const { provider, providerSchema } = widgetProvider(store);
      const server = createFrameworkProviderServer(provider);
      await server.configureProvider({ terraformVersion: '1.11.4', config: dv(providerSchema, { token: 't' }) });
      const config = fill(S, raw);
      const validate = await server.validateResourceConfig({ typeName: 'test_widget', config: dv(S, config) });
      assert.deepEqual(validate.diagnostics, []);

      const plan = await server.planResourceChange({ typeName: 'test_widget', priorState: NULL, proposedNewState: dv(S, proposed(S, config, null)), config: dv(S, config) });
      assert.deepEqual(plan.diagnostics, []);
      const apply = await server.applyResourceChange({ typeName: 'test_widget', priorState: NULL, plannedState: plan.plannedState!, config: dv(S, config) });
      assert.deepEqual(apply.diagnostics, []);
      const refreshed = await server.readResource({ typeName: 'test_widget', currentState: apply.newState! });
      assert.deepEqual(refreshed.diagnostics, []);
      const state = decode(S, refreshed.newState)!;

      const again = await server.planResourceChange({ typeName: 'test_widget', priorState: refreshed.newState!, proposedNewState: dv(S, proposed(S, config, state)), config: dv(S, config) });
      assert.deepEqual(again.diagnostics, []);
      assert.deepEqual(again.requiresReplace, []);
      assert.ok(valuesEqual(decode(S, again.plannedState), state), 'second plan is a no-op');

      if (newName === raw.name) return;
      const renamedConfig = { ...config, name: newName };
      const rename = await server.planResourceChange({ typeName: 'test_widget', priorState: refreshed.newState!, proposedNewState: dv(S, proposed(S, renamedConfig, state)), config: dv(S, renamedConfig) });
      assert.deepEqual(rename.requiresReplace, []);
      const renamed = await server.applyResourceChange({ typeName: 'test_widget', priorState: refreshed.newState!, plannedState: rename.plannedState!, config: dv(S, renamedConfig) });
      assert.deepEqual(renamed.diagnostics, []);
      assert.equal(decode(S, renamed.newState)!.name, newName);
    }),
    { numRuns: 60 },
  );
});
