/**
 * The provider block: `api_token` (sensitive; env AIVEN_TOKEN) and `api_url` (env AIVEN_WEB_URL, default
 * https://api.aiven.io). Configuring makes the API client every resource receives as providerData.
 */
import { AivenClient } from '../client/aiven-client.js';
import { createNodeHttpExchange } from '../client/node-http-exchange.js';
import type { ConfigureRequest } from '../terraform/framework/provider/configure.js';
import { stringAttribute } from '../terraform/framework/schema/attributes.js';
import { defineSchema } from '../terraform/framework/schema/schema.js';
import { isUnknown } from '../terraform/framework/values.js';
import { PROVIDER_VERSION } from './version.js';
import { httpsAgentWithDeferredExtraCaCerts } from './deferred-extra-ca-certs.js';

export const DEFAULT_API_URL = 'https://api.aiven.io';

export const providerSchema = defineSchema({
  attributes: {
    api_token: stringAttribute({
      optional: true,
      sensitive: true,
      markdownDescription: 'Aiven API token (or a Tessera token). Can also be set with the `AIVEN_TOKEN` environment variable.',
    }),
    api_url: stringAttribute({
      optional: true,
      markdownDescription: `Base URL of the Aiven-compatible API, e.g. a Tessera server. Can also be set with the \`AIVEN_WEB_URL\` environment variable. Defaults to \`${DEFAULT_API_URL}\`.`,
    }),
  },
});

export function configureClient(req: ConfigureRequest<typeof providerSchema>, env: NodeJS.ProcessEnv = process.env): AivenClient | undefined {
  const { config, diagnostics } = req;
  if (isUnknown(config.api_token) || isUnknown(config.api_url)) {
    diagnostics.addError(
      'Provider configuration not known yet',
      'api_token and api_url must be known when planning; they cannot come from resources that are created in the same run.',
      [isUnknown(config.api_token) ? 'api_token' : 'api_url'],
    );
    return undefined;
  }
  const token = config.api_token ?? (env.AIVEN_TOKEN || undefined);
  if (!token) {
    diagnostics.addError(
      'Missing API token',
      'The aiven provider needs an API token: set api_token in the provider block, or the AIVEN_TOKEN environment variable.',
      ['api_token'],
    );
    return undefined;
  }
  const apiUrl = config.api_url ?? (env.AIVEN_WEB_URL || DEFAULT_API_URL);
  try {
    return new AivenClient({
      baseUrl: apiUrl,
      token,
      exchange: createNodeHttpExchange({ httpsAgent: httpsAgentWithDeferredExtraCaCerts(env) }),
      userAgent: `Terraform/${req.terraformVersion || 'unknown'} (+https://www.terraform.io) terraform-provider-aiven/${PROVIDER_VERSION} (${process.platform})`,
    });
  } catch (err) {
    diagnostics.addError('Invalid API URL', `${(err as Error).message}.`, ['api_url']);
    return undefined;
  }
}
