// The build-time code-cache warm-up (src/terraform/protocol/code-cache-warm-up.ts with the provider's
// apply scenario) runs its whole served apply cleanly: if a schema or an RPC changed under it, the
// build would otherwise only warn and ship a cache that covers less. It leaves nothing behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { warmUpProviderRpcs, type WarmUpScenario } from '../../../src/terraform/protocol/code-cache-warm-up.js';
import { applyOrganizationScenario } from '../../../src/provider/code-cache-warm-up.js';
import { createProviderServer } from '../../../src/provider/index.js';

const warmUpFolders = () => readdirSync(tmpdir()).filter((name) => name.startsWith('tessera-code-cache-warm-up-'));

test('the served apply scenario completes against its stand-in API, and removes its socket folder', async () => {
  const before = warmUpFolders().length;
  const requests: string[] = [];
  const recording: WarmUpScenario = {
    api: (method, path, body) => {
      requests.push(`${method} ${path}`);
      return applyOrganizationScenario.api(method, path, body);
    },
    run: (call, apiUrl) => applyOrganizationScenario.run(call, apiUrl),
  };
  await warmUpProviderRpcs(createProviderServer(), recording);
  assert.deepEqual(requests, ['POST /v1/account'], 'the apply reached the API once');
  assert.equal(warmUpFolders().length, before);
});

test('a scenario error fails the warm-up (the build then warns instead of shipping a partial cache silently)', async () => {
  const failing: WarmUpScenario = {
    api: () => ({ status: 500, body: { message: 'stand-in failure', errors: [] } }),
    run: (call, apiUrl) => applyOrganizationScenario.run(call, apiUrl),
  };
  await assert.rejects(warmUpProviderRpcs(createProviderServer(), failing), /ApplyResourceChange answered an error/);
});
