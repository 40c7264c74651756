/**
 * The provider's part of the plugin's build-time code-cache warm-up (src/terraform/protocol/
 * code-cache-warm-up.ts): the RPCs of `terraform apply` creating one aiven_organization, answered by a
 * stand-in for the API, so that the code a plan and an apply run (configure, validate, plan, apply, the
 * API client and its HTTP exchange) is compiled into the cache every launch loads. Never run by the
 * plugin itself.
 */
import { decodeDynamicValue, encodeDynamicValue } from '../terraform/protocol/cty/index.js';
import type { WarmUpScenario } from '../terraform/protocol/code-cache-warm-up.js';
import type { WireMessage } from '../terraform/protocol/fromproto.js';
import { schemaCtyType } from '../terraform/framework/schema/schema.js';
import { providerSchema } from './provider-config.js';
import { ORGANIZATION_TYPE_NAME, organizationSchema } from './resources/organization/organization-schema.js';

const PROVIDER = 'tfplugin6.Provider';
const STAND_IN_TIME = '2026-01-01T00:00:00Z';

/** Throws when a response carries an error diagnostic: the warm-up must run the paths that succeed. */
function expectNoErrors(rpc: string, response: WireMessage): WireMessage {
  const diagnostics = (response.diagnostics ?? []) as { severity?: number; summary?: string; detail?: string }[];
  const error = diagnostics.find((d) => d.severity === 1);
  if (error) throw new Error(`code-cache warm-up: ${rpc} answered an error: ${error.summary}: ${error.detail}`);
  return response;
}

export const applyOrganizationScenario: WarmUpScenario = {
  api(method, path, body) {
    if (method === 'POST' && path === '/v1/account') {
      const { account_name } = JSON.parse(body) as { account_name: string };
      return {
        status: 201,
        body: {
          account: {
            account_id: 'a1b2c3d4e5f6',
            account_name,
            organization_id: 'org1a2b3c4d5e6',
            tenant_id: 'tessera',
            create_time: STAND_IN_TIME,
            update_time: STAND_IN_TIME,
          },
        },
      };
    }
    return { status: 404, body: { message: 'Not Found', errors: [{ message: 'Not Found', status: 404 }] } };
  },

  async run(call, apiUrl) {
    const providerConfig = encodeDynamicValue({ api_token: 'code-cache-warm-up', api_url: apiUrl }, schemaCtyType(providerSchema));
    const type = schemaCtyType(organizationSchema);
    const typeName = ORGANIZATION_TYPE_NAME;
    await call(PROVIDER, 'GetProviderSchema', {});
    expectNoErrors('ValidateProviderConfig', await call(PROVIDER, 'ValidateProviderConfig', { config: providerConfig }));
    expectNoErrors('ConfigureProvider', await call(PROVIDER, 'ConfigureProvider', { terraformVersion: '1.11.4', config: providerConfig, clientCapabilities: {} }));
    const config = encodeDynamicValue({ id: null, name: 'warm-up', tenant_id: null, create_time: null, update_time: null, timeouts: null }, type);
    const noState = encodeDynamicValue(null, type);
    expectNoErrors('ValidateResourceConfig', await call(PROVIDER, 'ValidateResourceConfig', { typeName, config }));
    const plan = expectNoErrors('PlanResourceChange', await call(PROVIDER, 'PlanResourceChange', { typeName, priorState: noState, proposedNewState: config, config }));
    const applied = expectNoErrors(
      'ApplyResourceChange',
      await call(PROVIDER, 'ApplyResourceChange', { typeName, priorState: noState, plannedState: plan.plannedState, config, plannedPrivate: plan.plannedPrivate }),
    );
    const state = decodeDynamicValue(applied.newState as Parameters<typeof decodeDynamicValue>[0], type) as Record<string, unknown> | null;
    if (state?.id !== 'org1a2b3c4d5e6') throw new Error(`code-cache warm-up: the applied state is not the stand-in organization (${JSON.stringify(state)})`);
  },
};
