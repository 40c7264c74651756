// A tiny provider served by the real protocol runtime (serve()), written straight against the
// ProviderServer interface and the cty codec, without the framework: the protocol layer's e2e tests
// run terraform against it, so a failure points at the protocol, not at a resource.
//
//   provider "aiven" { greeting = "hi" }          # optional attribute
//   resource "aiven_fixture" "x" {
//     name     = "a"                               # required; changing it replaces the object
//     delay_ms = 3000                              # optional: apply waits this long, or until StopProvider
//   }                                              # id is computed: "fx-<name>"
//
// Run directly (`node --import tsx test/support/plugin-fixture.ts`) it performs the handshake like the
// real plugin. buildFixtureExecutable() bundles it and writes a `terraform-provider-aiven` launcher
// into a folder that a dev_overrides CLI config can point at.
import { chmodSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeDynamicValue, decodeRawState, encodeDynamicValue, isNullDynamicValue } from '../../src/terraform/protocol/cty/index.js';
import { serve } from '../../src/terraform/protocol/serve.js';
import { Unknown, type CtyType, type CtyValue, type ProviderServer, type Schema } from '../../src/terraform/protocol/types.js';

export const FIXTURE_RESOURCE = 'aiven_fixture';

const providerSchema: Schema = {
  version: 0,
  block: { attributes: [{ name: 'greeting', type: 'string', optional: true }], blockTypes: [] },
};
const resourceSchema: Schema = {
  version: 1,
  block: {
    attributes: [
      { name: 'id', type: 'string', computed: true },
      { name: 'name', type: 'string', required: true },
      { name: 'delay_ms', type: 'number', optional: true },
    ],
    blockTypes: [],
  },
};
const resourceType: CtyType = ['object', { id: 'string', name: 'string', delay_ms: 'number' }];

type Thing = { id: CtyValue; name: CtyValue; delay_ms: CtyValue };

export function fixtureProvider(log: (message: string) => void = () => {}): ProviderServer {
  let stopped = false;
  const waiters = new Set<() => void>();
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      if (stopped) return resolve();
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      waiters.add(done);
    });

  const unsupported = (what: string) => ({ diagnostics: [{ severity: 'error' as const, summary: `${what} is not supported by the fixture` }] });

  return {
    async getMetadata() {
      return { diagnostics: [], resources: [{ typeName: FIXTURE_RESOURCE }], dataSources: [], ephemeralResources: [], functions: [] };
    },
    async getProviderSchema() {
      return {
        provider: providerSchema,
        resourceSchemas: { [FIXTURE_RESOURCE]: resourceSchema },
        dataSourceSchemas: {},
        ephemeralResourceSchemas: {},
        serverCapabilities: { planDestroy: false, getProviderSchemaOptional: false, moveResourceState: false },
        diagnostics: [],
      };
    },
    async getResourceIdentitySchemas() {
      return { identitySchemas: {}, diagnostics: [] };
    },
    async validateProviderConfig() {
      return { diagnostics: [] };
    },
    async configureProvider(req) {
      log(`configured by terraform ${req.terraformVersion}`);
      return { diagnostics: [] };
    },
    async validateResourceConfig() {
      return { diagnostics: [] };
    },
    async upgradeResourceState(req) {
      const state = decodeRawState(req.rawState, resourceType);
      return { upgradedState: encodeDynamicValue(state, resourceType), diagnostics: [] };
    },
    async readResource(req) {
      return { newState: req.currentState, diagnostics: [] };
    },
    async planResourceChange(req) {
      if (isNullDynamicValue(req.proposedNewState)) return { plannedState: req.proposedNewState, requiresReplace: [], diagnostics: [] };
      const proposed = decodeDynamicValue(req.proposedNewState, resourceType) as Thing;
      const prior = decodeDynamicValue(req.priorState, resourceType) as Thing | null;
      const replace = prior !== null && prior.name !== proposed.name;
      const planned: Thing = { ...proposed, id: prior && !replace ? prior.id : Unknown };
      return {
        plannedState: encodeDynamicValue(planned, resourceType),
        requiresReplace: replace ? [[{ attributeName: 'name' }]] : [],
        diagnostics: [],
      };
    },
    async applyResourceChange(req) {
      if (isNullDynamicValue(req.plannedState)) return { newState: req.plannedState, diagnostics: [] };
      const planned = decodeDynamicValue(req.plannedState, resourceType) as Thing;
      const delay = typeof planned.delay_ms === 'number' ? planned.delay_ms : 0;
      if (delay > 0) {
        log(`apply waits up to ${delay} ms`);
        await wait(delay);
        log(stopped ? 'apply cut short by StopProvider' : 'apply waited its full delay');
      }
      const created: Thing = { ...planned, id: `fx-${String(planned.name)}` };
      return { newState: encodeDynamicValue(created, resourceType), diagnostics: [] };
    },
    async importResourceState(req) {
      const state: Thing = { id: req.id, name: req.id.replace(/^fx-/, ''), delay_ms: null };
      return { importedResources: [{ typeName: req.typeName, state: encodeDynamicValue(state, resourceType) }], diagnostics: [] };
    },
    async moveResourceState() {
      return unsupported('moving resources');
    },
    async validateDataResourceConfig() {
      return unsupported('data sources');
    },
    async readDataSource() {
      return unsupported('data sources');
    },
    async validateEphemeralResourceConfig() {
      return unsupported('ephemeral resources');
    },
    async openEphemeralResource() {
      return unsupported('ephemeral resources');
    },
    async renewEphemeralResource() {
      return unsupported('ephemeral resources');
    },
    async closeEphemeralResource() {
      return unsupported('ephemeral resources');
    },
    async stopProvider() {
      stopped = true;
      log('StopProvider received');
      for (const done of [...waiters]) done();
      return { error: '' };
    },
  };
}

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Bundles this fixture with esbuild into `dir` and writes `dir/terraform-provider-aiven` launching
 * it, for a dev_overrides entry. Returns the launcher's path.
 */
export async function buildFixtureExecutable(dir: string): Promise<string> {
  const { build } = await import('esbuild');
  const bundle = join(dir, 'plugin-fixture.cjs');
  await build({
    entryPoints: [join(here, 'plugin-fixture.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['esbuild'],
    logLevel: 'warning',
    define: { 'import.meta.url': 'TESSERA_FIXTURE_URL' },
    banner: { js: `const TESSERA_FIXTURE_URL = require('node:url').pathToFileURL(__filename).href;` },
  });
  const launcher = join(dir, 'terraform-provider-aiven');
  writeFileSync(launcher, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(bundle)} --serve-fixture "$@"\n`);
  chmodSync(launcher, 0o755);
  return launcher;
}

const runDirectly = process.argv.includes('--serve-fixture') || (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]);
if (runDirectly) {
  void serve(() => fixtureProvider((message) => process.stderr.write(JSON.stringify({ '@level': 'info', '@message': message, '@module': 'fixture' }) + '\n')));
}
