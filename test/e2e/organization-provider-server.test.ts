// The aiven provider's ProviderServer (no gRPC, no terraform) against a started Tessera: the
// organization resource's lifecycle as terraform would drive it, the data source, the provider
// configuration and API errors quoted in diagnostics. The real-terraform runs are in
// organization-terraform.test.ts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { betaGated, createProviderServer, isBetaEnabled } from '../../src/provider/index.js';
import { aivenProvider } from '../../src/provider/aiven-provider.js';
import { createFrameworkProviderServer } from '../../src/terraform/framework/index.js';
import { providerSchema } from '../../src/provider/provider-config.js';
import { organizationSchema as S } from '../../src/provider/resources/organization/organization-schema.js';
import { organizationDataSourceSchema as D } from '../../src/provider/data-sources/organization/organization-data-source.js';
import { Unknown } from '../../src/terraform/protocol/types.js';
import { startTessera, type RunningTessera } from '../support/tessera.js';
import { NULL, decode, dv } from '../unit/framework/harness.js';

let tessera: RunningTessera;
before(async () => {
  tessera = await startTessera();
});
after(async () => {
  await tessera?.stop();
});

async function configured(env: Record<string, string | undefined> = {}) {
  const server = createProviderServer();
  const saved = { AIVEN_TOKEN: process.env.AIVEN_TOKEN, AIVEN_WEB_URL: process.env.AIVEN_WEB_URL };
  Object.assign(process.env, { AIVEN_TOKEN: tessera.adminToken, AIVEN_WEB_URL: tessera.url }, env);
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  try {
    const res = await server.configureProvider({ terraformVersion: '1.11.4', config: dv(providerSchema, {}) });
    return { server, diagnostics: res.diagnostics };
  } finally {
    for (const [k, v] of Object.entries(saved)) v === undefined ? delete process.env[k] : (process.env[k] = v);
  }
}

async function createOrg(server: Awaited<ReturnType<typeof configured>>['server'], name: string) {
  const config = dv(S, { name });
  const plan = await server.planResourceChange({ typeName: 'aiven_organization', priorState: NULL, proposedNewState: config, config });
  assert.deepEqual(plan.diagnostics, []);
  const apply = await server.applyResourceChange({ typeName: 'aiven_organization', priorState: NULL, plannedState: plan.plannedState!, config });
  assert.deepEqual(apply.diagnostics, []);
  return apply.newState!;
}

test('missing token: a clear diagnostic at configure time pointing at api_token', async () => {
  const { diagnostics } = await configured({ AIVEN_TOKEN: undefined });
  assert.equal(diagnostics.length, 1);
  assert.equal(diagnostics[0].summary, 'Missing API token');
  assert.match(diagnostics[0].detail!, /api_token .* AIVEN_TOKEN/);
  assert.deepEqual(diagnostics[0].attribute, [{ attributeName: 'api_token' }]);
});

test('a bad api_url is a diagnostic naming the value', async () => {
  const { diagnostics } = await configured({ AIVEN_WEB_URL: 'not a url' });
  assert.equal(diagnostics[0].summary, 'Invalid API URL');
  assert.match(diagnostics[0].detail!, /"not a url" is not an absolute URL/);
});

test('organization: create, refresh, rename in place, import, delete', async () => {
  const { server, diagnostics } = await configured();
  assert.deepEqual(diagnostics, []);
  const created = await createOrg(server, 'acme');
  const state = decode(S, created)!;
  assert.match(state.id as string, /^org/);
  assert.equal(state.name, 'acme');
  assert.equal(typeof state.tenant_id, 'string');
  assert.match(state.create_time as string, /^\d{4}-\d\d-\d\dT/);

  const refreshed = await server.readResource({ typeName: 'aiven_organization', currentState: created });
  assert.deepEqual(refreshed.diagnostics, []);
  assert.deepEqual(decode(S, refreshed.newState), state);

  const renamedConfig = dv(S, { name: 'acme-renamed' });
  const plan = await server.planResourceChange({
    typeName: 'aiven_organization',
    priorState: created,
    proposedNewState: dv(S, { ...state, name: 'acme-renamed' }),
    config: renamedConfig,
  });
  assert.deepEqual(plan.requiresReplace, [], 'renamed in place');
  const planned = decode(S, plan.plannedState)!;
  assert.equal(planned.id, state.id);
  assert.equal(planned.update_time, Unknown);
  const updated = await server.applyResourceChange({ typeName: 'aiven_organization', priorState: created, plannedState: plan.plannedState!, config: renamedConfig });
  assert.deepEqual(updated.diagnostics, []);
  assert.equal(decode(S, updated.newState)!.name, 'acme-renamed');

  const imported = await server.importResourceState({ typeName: 'aiven_organization', id: state.id as string });
  const importedRead = await server.readResource({ typeName: 'aiven_organization', currentState: imported.importedResources[0].state });
  assert.equal(decode(S, importedRead.newState)!.name, 'acme-renamed');
  assert.equal(decode(S, importedRead.newState)!.tenant_id, state.tenant_id);

  const destroyed = await server.applyResourceChange({ typeName: 'aiven_organization', priorState: updated.newState!, plannedState: NULL, config: NULL });
  assert.deepEqual(destroyed.diagnostics, []);
  const gone = await server.readResource({ typeName: 'aiven_organization', currentState: updated.newState! });
  assert.equal(decode(S, gone.newState), null, 'removed from state');
  assert.equal(gone.diagnostics[0].summary, 'Organization removed from state');
});

test('API errors quote the server message, status and error code', async () => {
  const { server } = await configured();
  const missing = dv(S, { id: 'org0000dead', name: 'ghost', tenant_id: 't', create_time: 'x', update_time: 'y' });
  const plannedRename = dv(S, { id: 'org0000dead', name: 'ghost2', tenant_id: 't', create_time: 'x', update_time: Unknown });
  const res = await server.applyResourceChange({ typeName: 'aiven_organization', priorState: missing, plannedState: plannedRename, config: dv(S, { name: 'ghost2' }) });
  assert.equal(res.diagnostics[0].summary, 'Organization not found', 'a 404 reads "<what> not found" everywhere');
  assert.match(res.diagnostics[0].detail!, /^The API answered 404, organization_not_found: ".*org0000dead.*" \(PATCH \/v1\/organization\/org0000dead\)\.$/);
  assert.doesNotMatch(JSON.stringify(res.diagnostics), new RegExp(tessera.adminToken));
});

test('data source: by id and by name; unknown name and both/neither are errors', async () => {
  const { server } = await configured();
  const org = decode(S, await createOrg(server, `lookup-${Date.now()}`))!;
  const byId = await server.readDataSource({ typeName: 'aiven_organization', config: dv(D, { id: org.id as string }) });
  assert.deepEqual(byId.diagnostics, []);
  assert.deepEqual(decode(D, byId.state), { id: org.id, name: org.name, tenant_id: org.tenant_id, create_time: org.create_time, update_time: org.update_time });
  const byName = await server.readDataSource({ typeName: 'aiven_organization', config: dv(D, { name: org.name as string }) });
  assert.equal(decode(D, byName.state)!.id, org.id);

  const none = await server.readDataSource({ typeName: 'aiven_organization', config: dv(D, { name: 'no-such-org-name' }) });
  assert.equal(none.diagnostics[0].summary, 'Organization not found');
  const both = await server.validateDataResourceConfig({ typeName: 'aiven_organization', config: dv(D, { id: 'x', name: 'y' }) });
  assert.match(both.diagnostics[0].detail!, /Exactly one of "id", "name"/);
});

test('beta gate: anything but empty or "false" enables', () => {
  assert.equal(isBetaEnabled({}), false);
  assert.equal(isBetaEnabled({ PROVIDER_AIVEN_ENABLE_BETA: '' }), false);
  assert.equal(isBetaEnabled({ PROVIDER_AIVEN_ENABLE_BETA: 'false' }), false);
  assert.equal(isBetaEnabled({ PROVIDER_AIVEN_ENABLE_BETA: '1' }), true);
  assert.equal(isBetaEnabled({ PROVIDER_AIVEN_ENABLE_BETA: 'true' }), true);
});

test('beta gate: a gated resource fails validation with "Beta Resource Not Enabled" naming it and the variable', async () => {
  const gated = betaGated({ ...aivenProvider.resources[0], typeName: 'aiven_beta_thing' });
  const server = createFrameworkProviderServer({ ...aivenProvider, resources: [gated] });
  const saved = process.env.PROVIDER_AIVEN_ENABLE_BETA;
  try {
    delete process.env.PROVIDER_AIVEN_ENABLE_BETA;
    const off = await server.validateResourceConfig({ typeName: 'aiven_beta_thing', config: dv(S, { name: 'x' }) });
    assert.equal(off.diagnostics.length, 1);
    assert.equal(off.diagnostics[0].summary, 'Beta Resource Not Enabled');
    assert.match(off.diagnostics[0].detail!, /aiven_beta_thing .* PROVIDER_AIVEN_ENABLE_BETA/);
    process.env.PROVIDER_AIVEN_ENABLE_BETA = 'yes';
    const on = await server.validateResourceConfig({ typeName: 'aiven_beta_thing', config: dv(S, { name: 'x' }) });
    assert.deepEqual(on.diagnostics, []);
  } finally {
    saved === undefined ? delete process.env.PROVIDER_AIVEN_ENABLE_BETA : (process.env.PROVIDER_AIVEN_ENABLE_BETA = saved);
  }
});
