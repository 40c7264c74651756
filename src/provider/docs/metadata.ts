/**
 * What the docs pages need beyond the schemas: which types are beta (the schema descriptions of beta
 * types already end with the beta note; the flag keeps the generator from depending on that) and the
 * front matter's subcategory. A type missing here gets an empty subcategory, as tfplugindocs writes it.
 */
import type { ProviderDocMetadata } from '../../docs/types.js';

export const providerDocMetadata: ProviderDocMetadata = {
  provider: {
    description:
      'The Aiven provider manages organizations, organization application users and their API tokens through an Aiven-compatible API: the Aiven platform, or a Tessera server (`api_url`).',
  },
  resources: {
    aiven_organization_application_user: { beta: true },
    aiven_organization_application_user_token: { beta: true },
  },
  dataSources: {
    aiven_organization_application_user: { beta: true },
  },
  ephemeralResources: {
    aiven_organization_application_user_token: { beta: true },
  },
};
