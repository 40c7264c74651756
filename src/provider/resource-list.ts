/**
 * Everything the aiven provider offers, in one place. Add a resource with one line here; a beta one is
 * wrapped with betaGated(…) from ./beta-gate.js, which is all it takes (gate, schema text and docs).
 */
import type { AivenClient } from '../client/aiven-client.js';
import type { DataSource } from '../terraform/framework/datasource/data-source.js';
import type { EphemeralResource } from '../terraform/framework/ephemeral/ephemeral-resource.js';
import type { Resource } from '../terraform/framework/resource/resource.js';
import { organizationDataSource } from './data-sources/organization/organization-data-source.js';
import { organizationResource } from './resources/organization/organization-resource.js';
import { betaGated } from './beta-gate.js';
import { organizationApplicationUserResource } from './resources/organization-application-user/user-resource.js';
import { organizationApplicationUserTokenResource } from './resources/organization-application-user-token/token-resource.js';
import { organizationApplicationUserDataSource } from './data-sources/organization-application-user/user-data-source.js';
import { ephemeralOrganizationApplicationUserToken } from './ephemeral/organization-application-user-token/ephemeral-token.js';

export const resources: Resource<any, AivenClient>[] = [
  organizationResource,
  betaGated(organizationApplicationUserResource, 'resource'),
  betaGated(organizationApplicationUserTokenResource, 'resource'),
];

export const dataSources: DataSource<any, AivenClient>[] = [
  organizationDataSource,
  betaGated(organizationApplicationUserDataSource, 'data source'),
];

export const ephemeralResources: EphemeralResource<any, AivenClient, any>[] = [
  betaGated(ephemeralOrganizationApplicationUserToken, 'ephemeral resource'),
];
