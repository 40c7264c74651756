/** The `aiven` provider definition: its configuration, what it offers, and how API errors read. */
import type { AivenClient } from '../client/aiven-client.js';
import { defineProvider } from '../terraform/framework/provider/provider.js';
import { describeApiError } from './api-error-description.js';
import { configureClient, providerSchema } from './provider-config.js';
import { dataSources, ephemeralResources, resources } from './resource-list.js';
import { PROVIDER_VERSION } from './version.js';

export const aivenProvider = defineProvider<typeof providerSchema, AivenClient>({
  typeName: 'aiven',
  version: PROVIDER_VERSION,
  schema: providerSchema,
  configure: (req) => configureClient(req),
  resources,
  dataSources,
  ephemeralResources,
  describeError: describeApiError,
});
