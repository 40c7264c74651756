/** The `aiven` provider definition: its configuration, what it offers, and how API errors read. */
import type { AivenClient } from '../client/aiven-client.js';
import { defineProvider } from '../terraform/framework/provider/provider.js';
import { describeApiError } from './api-error-description.js';
import { configureClient, providerSchema } from './provider-config.js';
import { dataSources, ephemeralResources, resources } from './resource-list.js';
import { PROVIDER_VERSION } from './version.js';
import { revokeOpenEphemeralTokens } from './ephemeral/organization-application-user-token/open-ephemeral-tokens.js';

/** Time for revoking open ephemeral tokens on StopProvider, and at shutdown (the host kills after 2 s). */
const STOP_REVOKE_MS = 5_000;
const SHUTDOWN_REVOKE_MS = 1_200;

export const aivenProvider = defineProvider<typeof providerSchema, AivenClient>({
  typeName: 'aiven',
  version: PROVIDER_VERSION,
  schema: providerSchema,
  configure: (req) => configureClient(req),
  resources,
  dataSources,
  ephemeralResources,
  describeError: describeApiError,
  // Ephemeral tokens terraform opened but will not close (a failed or interrupted run) are revoked.
  stop: () => revokeOpenEphemeralTokens(STOP_REVOKE_MS).then(() => undefined),
  shutdown: () => revokeOpenEphemeralTokens(SHUTDOWN_REVOKE_MS).then(() => undefined),
});
