/**
 * What the docs pages need beyond the schemas: the provider's description (and, per type, a
 * subcategory or description override where one is wanted). Beta types are declared once, in
 * resource-list.ts: betaGated(…) ends their schema description with the beta note the pages show.
 */
import type { ProviderDocMetadata } from '../../docs/types.js';

export const providerDocMetadata: ProviderDocMetadata = {
  provider: {
    description:
      'The Aiven provider manages organizations, organization application users and their API tokens through an Aiven-compatible API: the Aiven platform, or a Tessera server (`api_url`).',
  },
};
