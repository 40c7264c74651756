/**
 * Everything the aiven provider offers, in one place. Add a resource with one line here (wrap beta
 * ones with betaGated(…) from ./beta-gate.js).
 */
import type { AivenClient } from '../client/aiven-client.js';
import type { DataSource } from '../terraform/framework/datasource/data-source.js';
import type { EphemeralResource } from '../terraform/framework/ephemeral/ephemeral-resource.js';
import type { Resource } from '../terraform/framework/resource/resource.js';
import { organizationDataSource } from './data-sources/organization/organization-data-source.js';
import { organizationResource } from './resources/organization/organization-resource.js';

export const resources: Resource<any, AivenClient>[] = [
  organizationResource,
];

export const dataSources: DataSource<any, AivenClient>[] = [
  organizationDataSource,
];

export const ephemeralResources: EphemeralResource<any, AivenClient, any>[] = [
];
