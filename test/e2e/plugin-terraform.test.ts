// The protocol runtime under the real terraform binary, with the fixture provider (no framework, no
// Tessera server): handshake with AutoMTLS, schema, plan/apply/refresh/replace/import/destroy, state
// upgrade on every refresh, and Ctrl-C during an apply (SIGINT to the whole process group): the plugin
// ignores SIGINT, terraform turns it into StopProvider, the apply in flight returns and its object is
// saved in state.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFixtureExecutable } from '../support/plugin-fixture.js';
import {
  createTerraformWorkspace,
  devOverridesConfig,
  expectExit,
  providerAddress,
  TERRAFORM_MISSING,
  terraformAvailable,
  type TerraformWorkspace,
} from '../support/terraform.js';

const haveTerraform = terraformAvailable();
let fixtureDir = '';
let cliConfig = '';

before(async () => {
  if (!haveTerraform) return;
  fixtureDir = mkdtempSync(join(tmpdir(), 'tessera-plugin-fixture-'));
  await buildFixtureExecutable(fixtureDir);
  cliConfig = join(fixtureDir, 'terraform.rc');
  writeFileSync(cliConfig, devOverridesConfig({ 'tessera/aiven': fixtureDir }));
});

after(() => {
  if (fixtureDir) rmSync(fixtureDir, { recursive: true, force: true });
});

async function fixtureWorkspace(): Promise<TerraformWorkspace> {
  return createTerraformWorkspace({ env: { TF_CLI_CONFIG_FILE: cliConfig } });
}

test('plan with only `provider "aiven" {}` succeeds', { skip: !haveTerraform && TERRAFORM_MISSING }, async () => {
  const ws = await fixtureWorkspace();
  try {
    ws.write('provider "aiven" {}\n');
    const r = await ws.run(['plan', '-no-color']);
    expectExit(r, 0, 'plan');
    assert.match(r.stdout, /No changes/);
    // stdout of the plugin is terraform's business: nothing but the handshake may reach it, so no
    // "Unrecognized remote plugin message" here.
    assert.doesNotMatch(r.stdout + r.stderr, /Unrecognized remote plugin message|plugin did not respond/i);
  } finally {
    await ws.cleanup();
  }
});

test('the provider schema reaches terraform', { skip: !haveTerraform && TERRAFORM_MISSING }, async () => {
  const ws = await fixtureWorkspace();
  try {
    ws.write('provider "aiven" {}\n');
    const r = await ws.run(['providers', 'schema', '-json']);
    expectExit(r, 0, 'providers schema');
    const schemas = JSON.parse(r.stdout).provider_schemas[providerAddress('tessera/aiven')];
    assert.deepEqual(schemas.provider.block.attributes.greeting, { type: 'string', description_kind: 'plain', optional: true });
    const fixture = schemas.resource_schemas.aiven_fixture;
    assert.equal(fixture.version, 1);
    assert.deepEqual(Object.keys(fixture.block.attributes).sort(), ['delay_ms', 'id', 'name']);
    assert.equal(fixture.block.attributes.id.computed, true);
  } finally {
    await ws.cleanup();
  }
});

test('create, no-op plan, replace, import and destroy', { skip: !haveTerraform && TERRAFORM_MISSING }, async () => {
  const ws = await fixtureWorkspace();
  try {
    ws.write('provider "aiven" {\n  greeting = "hi"\n}\nresource "aiven_fixture" "x" {\n  name = "one"\n}\n');
    expectExit(await ws.run(['apply', '-auto-approve', '-no-color']), 0, 'create');
    let [thing] = await ws.resources();
    assert.deepEqual(thing.values, { id: 'fx-one', name: 'one', delay_ms: null });

    // Refresh (UpgradeResourceState + ReadResource) and plan: nothing to do.
    const noop = await ws.run(['plan', '-detailed-exitcode', '-no-color']);
    expectExit(noop, 0, 'plan after create');

    ws.write('provider "aiven" {}\nresource "aiven_fixture" "x" {\n  name = "two"\n}\n');
    const plan = await ws.run(['plan', '-no-color']);
    assert.match(plan.stdout, /must be replaced/);
    assert.match(plan.stdout, /# forces replacement/);
    expectExit(await ws.run(['apply', '-auto-approve', '-no-color']), 0, 'replace');
    [thing] = await ws.resources();
    assert.equal(thing.values.id, 'fx-two');

    expectExit(await ws.run(['state', 'rm', 'aiven_fixture.x']), 0, 'state rm');
    expectExit(await ws.run(['import', '-no-color', 'aiven_fixture.x', 'fx-two']), 0, 'import');
    [thing] = await ws.resources();
    assert.deepEqual(thing.values, { id: 'fx-two', name: 'two', delay_ms: null });

    expectExit(await ws.run(['destroy', '-auto-approve', '-no-color']), 0, 'destroy');
    assert.deepEqual(await ws.resources(), []);
  } finally {
    await ws.cleanup();
  }
});

test('Ctrl-C during a slow apply: the plugin survives, StopProvider ends the wait, the object is in state', { skip: !haveTerraform && TERRAFORM_MISSING }, async () => {
  const ws = await fixtureWorkspace();
  try {
    ws.write('provider "aiven" {}\nresource "aiven_fixture" "slow" {\n  name     = "slow"\n  delay_ms = 20000\n}\n');
    const started = Date.now();
    const run = ws.start(['apply', '-auto-approve', '-no-color'], { env: { TF_LOG_PROVIDER: 'info' } });
    const deadline = Date.now() + 60_000;
    while (!/aiven_fixture\.slow: Creating/.test(run.output())) {
      assert.ok(Date.now() < deadline, `apply never started creating:\n${run.output()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 300)); // let the ApplyResourceChange call reach the plugin
    process.kill(-run.child.pid!, 'SIGINT'); // like Ctrl-C in a terminal: the whole process group
    const r = await run.result;
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 15_000, `terraform waited for the full 20 s delay (${elapsed} ms): StopProvider did not cancel the wait`);
    assert.match(r.stdout + r.stderr, /Interrupt received/);
    assert.doesNotMatch(r.stdout + r.stderr, /plugin (crashed|exited)|connection (is )?(closed|unavailable)|rpc error/i);
    const [thing] = await ws.resources();
    assert.equal(thing?.values.id, 'fx-slow', `the created object is missing from state:\n${r.stdout}\n${r.stderr}`);
  } finally {
    await ws.cleanup();
  }
});
