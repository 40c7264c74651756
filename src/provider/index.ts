/**
 * The `aiven` provider, served through the framework. src/terraform/plugin-main.ts performs the
 * handshake first and then loads this module lazily, so nothing here runs before terraform connects.
 */
import type { ProviderServer } from '../terraform/protocol/types.js';
import { createFrameworkProviderServer } from '../terraform/framework/server/provider-server.js';
import { aivenProvider } from './aiven-provider.js';

export { aivenProvider } from './aiven-provider.js';
export { isBetaEnabled, betaGated, checkBetaEnabled, BETA_ENV_VAR } from './beta-gate.js';

export function createProviderServer(): ProviderServer {
  return createFrameworkProviderServer(aivenProvider);
}
