// The token and application-user resources through the provider's ProviderServer (no gRPC, no
// terraform) against a started Tessera: the lifecycle as terraform drives it, plan-time validation
// paths, import, drift, and refresh coalescing. The real-terraform runs are in token-terraform.test.ts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AivenClient } from '../../src/client/index.js';
import { createProviderServer } from '../../src/provider/index.js';
import { providerSchema } from '../../src/provider/provider-config.js';
import { tokenSchema as S } from '../../src/provider/resources/organization-application-user-token/token-schema.js';
import { userSchema as U } from '../../src/provider/resources/organization-application-user/user-schema.js';
import type { DynamicValue } from '../../src/terraform/protocol/types.js';
import { startLoopbackProxy, type LoopbackProxy } from '../support/loopback-proxy.js';
import { startTessera, type RunningTessera } from '../support/tessera.js';
import { NULL, decode, dv, errors } from '../unit/framework/harness.js';

const T = 'aiven_organization_application_user_token';
let tessera: RunningTessera;
let proxy: LoopbackProxy;
let client: AivenClient;
let org: string;

before(async () => {
  tessera = await startTessera();
  proxy = await startLoopbackProxy(tessera.url);
  client = new AivenClient({ baseUrl: tessera.url, token: tessera.adminToken });
  org = (await client.createOrganization({ organization_name: 'tokens' })).organization_id;
});
after(async () => {
  await proxy?.close();
  await tessera?.stop();
});

async function configured() {
  const server = createProviderServer();
  const saved = { ...process.env };
  Object.assign(process.env, { AIVEN_TOKEN: tessera.adminToken, AIVEN_WEB_URL: proxy.url, PROVIDER_AIVEN_ENABLE_BETA: '1' });
  try {
    const res = await server.configureProvider({ terraformVersion: '1.11.4', config: dv(providerSchema, {}) });
    assert.deepEqual(res.diagnostics, []);
    return server;
  } finally {
    for (const k of ['AIVEN_TOKEN', 'AIVEN_WEB_URL', 'PROVIDER_AIVEN_ENABLE_BETA']) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
}

type Server = Awaited<ReturnType<typeof configured>>;

async function createToken(server: Server, config: Record<string, unknown>): Promise<DynamicValue> {
  const cfg = dv(S, config);
  const plan = await server.planResourceChange({ typeName: T, priorState: NULL, proposedNewState: cfg, config: cfg });
  assert.deepEqual(errors(plan.diagnostics), []);
  const apply = await server.applyResourceChange({ typeName: T, priorState: NULL, plannedState: plan.plannedState!, config: cfg });
  assert.deepEqual(errors(apply.diagnostics), []);
  return apply.newState!;
}

test('create sets full_token once; refresh keeps it from state and fills the server values', async () => {
  const server = await configured();
  const user = await client.createApplicationUser(org, { name: 'app' });
  const created = await createToken(server, { organization_id: org, user_id: user.user_id, description: 'Token for TF access to Aiven.' });
  const state = decode(S, created)!;
  assert.match(state.full_token as string, /^tsr_/);
  assert.equal(state.id, `${org}/${user.user_id}/${state.token_prefix}`);
  assert.equal(state.max_age_seconds, null, 'unset: the API echoes null (expiry follows its default) and state keeps null');
  assert.equal(state.scopes, null);
  assert.equal(Date.parse(state.expiry_time as string) - Date.parse(state.create_time as string), 36000_000, 'expiry follows the 10 h default');
  assert.equal(state.created_manually, true);
  const read = await server.readResource({ typeName: T, currentState: created });
  assert.deepEqual(read.diagnostics, []);
  assert.deepEqual(decode(S, read.newState), state);
});

test('create asks the API once: the create answer holds the server values a listing would show', async () => {
  const server = await configured();
  const user = await client.createApplicationUser(org, { name: 'one-request' });
  const before = proxy.requests.length;
  const created = decode(S, await createToken(server, { organization_id: org, user_id: user.user_id, description: 'one', max_age_seconds: 3600 }))!;
  assert.deepEqual(
    proxy.requests.slice(before).map((r) => `${r.method} ${r.path.replace(/\?.*$/, '')}`),
    [`POST /v1/organization/${org}/application-users/${user.user_id}/access-tokens`],
  );
  const listed = (await client.listApplicationUserTokens(org, user.user_id)).find((t) => t.token_prefix === created.token_prefix)!;
  assert.equal(created.create_time, listed.create_time);
  assert.equal(created.expiry_time, listed.expiry_time);
  assert.equal(created.created_manually, true);
  assert.equal(created.currently_active, false, 'the token that made the request is the provider\'s, not this one');
  assert.equal(created.extend_when_used, listed.extend_when_used);
  assert.equal(Date.parse(created.expiry_time as string) - Date.parse(created.create_time as string), 3600_000);
});

test('a create answer of only full_token and token_prefix (as the Aiven API gives) is completed from the listing', async () => {
  const server = await configured();
  const user = await client.createApplicationUser(org, { name: 'lean-answer' });
  const createPath = `/v1/organization/${org}/application-users/${user.user_id}/access-tokens`;
  proxy.rewriteAnswerWhen(
    (r) => r.method === 'POST' && r.path === createPath,
    (body) => {
      const { full_token, token_prefix } = body as { full_token: string; token_prefix: string };
      return { full_token, token_prefix };
    },
  );
  try {
    const before = proxy.requests.length;
    const created = decode(S, await createToken(server, { organization_id: org, user_id: user.user_id, description: 'lean' }))!;
    assert.deepEqual(
      proxy.requests.slice(before).map((r) => `${r.method} ${r.path}`),
      [`POST ${createPath}`, `GET ${createPath}`],
    );
    assert.match(created.full_token as string, /^tsr_/);
    const listed = (await client.listApplicationUserTokens(org, user.user_id)).find((t) => t.token_prefix === created.token_prefix)!;
    assert.equal(created.create_time, listed.create_time);
    assert.equal(created.expiry_time, listed.expiry_time);
    assert.equal(created.created_manually, true);
    assert.equal(created.extend_when_used, listed.extend_when_used);
  } finally {
    proxy.rewriteAnswerWhen(undefined);
  }
});

test('plan-time validation points at the attribute', async () => {
  const server = await configured();
  const res = await server.validateResourceConfig({
    typeName: T,
    config: dv(S, {
      organization_id: org,
      user_id: 'u1',
      max_age_seconds: 10,
      description: 'x'.repeat(1001),
      scopes: Array.from({ length: 101 }, (_, i) => `x-s${i}`),
      ip_allowlist: ['10.0.0.0/33'],
    }),
  });
  const byPath = Object.fromEntries(res.diagnostics.map((d) => [JSON.stringify(d.attribute), d.detail]));
  assert.match(byPath['[{"attributeName":"max_age_seconds"}]']!, /0 \(never expires\) or 600 to 315360000, got 10/);
  assert.match(byPath['[{"attributeName":"description"}]']!, /at most 1000 characters, got 1001/);
  assert.match(byPath['[{"attributeName":"scopes"}]']!, /at most 100 items, got 101/);
  assert.match(byPath['[{"attributeName":"ip_allowlist"}]']!, /"10.0.0.0\/33" is not an IP address or CIDR range/);
});

test('a token revoked outside terraform, or whose user is gone, is removed on refresh with a warning', async () => {
  const server = await configured();
  const user = await client.createApplicationUser(org, { name: 'drift' });
  const a = await createToken(server, { organization_id: org, user_id: user.user_id });
  const prefix = decode(S, a)!.token_prefix as string;
  await client.deleteApplicationUserToken(org, user.user_id, prefix);
  const fresh = await configured();
  const read = await fresh.readResource({ typeName: T, currentState: a });
  assert.equal(decode(S, read.newState), null);
  assert.equal(read.diagnostics[0].severity, 'warning');
  assert.match(read.diagnostics[0].detail!, /revoked, expired or deleted outside Terraform/);

  const b = await createToken(server, { organization_id: org, user_id: user.user_id });
  await client.deleteApplicationUser(org, user.user_id);
  const read2 = await (await configured()).readResource({ typeName: T, currentState: b });
  assert.equal(decode(S, read2.newState), null);
  assert.match(read2.diagnostics[0].detail!, /no longer exists/);
});

test('import splits at the first two "/", the read after it warns that full_token is not imported; malformed ids show the form', async () => {
  const server = await configured();
  const user = await client.createApplicationUser(org, { name: 'imp' });
  const made = await client.createApplicationUserToken(org, user.user_id, { description: 'imported', scopes: ['accounts:read'] });
  const imported = await server.importResourceState({ typeName: T, id: `${org}/${user.user_id}/${made.token_prefix}` });
  assert.deepEqual(imported.diagnostics, [], 'nothing to warn about before the token was found');
  const read = await server.readResource({ typeName: T, currentState: imported.importedResources[0].state });
  assert.match(read.diagnostics[0].detail!, /shown only once/);
  const state = decode(S, read.newState)!;
  assert.equal(state.full_token, null);
  assert.equal(state.description, 'imported');
  assert.deepEqual(state.scopes, ['accounts:read']);
  const bad = await server.importResourceState({ typeName: T, id: `${org}/${user.user_id}` });
  assert.match(bad.diagnostics[0].detail!, /ORGANIZATION_ID\/USER_ID\/TOKEN_PREFIX/);
});

test('refreshing 50 tokens of one user costs one listing', async () => {
  const server = await configured();
  const user = await client.createApplicationUser(org, { name: 'many' });
  const states = [];
  for (let i = 0; i < 50; i++) {
    const made = await client.createApplicationUserToken(org, user.user_id, { description: `t${i}` });
    states.push(dv(S, { id: `${org}/${user.user_id}/${made.token_prefix}`, organization_id: org, user_id: user.user_id, token_prefix: made.token_prefix }));
  }
  const before = proxy.requests.length;
  const reads = await Promise.all(states.map((s) => server.readResource({ typeName: T, currentState: s })));
  // States as import leaves them: each read warns that full_token is not imported, and errs nowhere.
  assert.ok(reads.every((r) => errors(r.diagnostics).length === 0 && decode(S, r.newState) !== null));
  const listings = proxy.requests.slice(before).filter((r) => r.method === 'GET' && r.path.includes('/access-tokens'));
  assert.equal(listings.length, 1);
});

test('application user: create, rename in place, refresh, import', async () => {
  const server = await configured();
  const cfg = dv(U, { organization_id: org, name: 'app-terraform' });
  const plan = await server.planResourceChange({ typeName: 'aiven_organization_application_user', priorState: NULL, proposedNewState: cfg, config: cfg });
  assert.deepEqual(errors(plan.diagnostics), []);
  const apply = await server.applyResourceChange({ typeName: 'aiven_organization_application_user', priorState: NULL, plannedState: plan.plannedState!, config: cfg });
  assert.deepEqual(errors(apply.diagnostics), []);
  const state = decode(U, apply.newState)!;
  assert.equal(state.is_super_admin, false);
  assert.equal(state.id, `${org}/${state.user_id}`);
  const renamed = dv(U, { organization_id: org, name: 'renamed' });
  const plan2 = await server.planResourceChange({
    typeName: 'aiven_organization_application_user',
    priorState: apply.newState!,
    proposedNewState: dv(U, { ...state, name: 'renamed' }),
    config: renamed,
  });
  assert.deepEqual(plan2.requiresReplace, []);
  const imported = await server.importResourceState({ typeName: 'aiven_organization_application_user', id: state.id as string });
  const read = await server.readResource({ typeName: 'aiven_organization_application_user', currentState: imported.importedResources[0].state });
  assert.equal(decode(U, read.newState)!.name, 'app-terraform');
});
