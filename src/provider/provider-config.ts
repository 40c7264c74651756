/**
 * The provider block: `api_token` (sensitive; env AIVEN_TOKEN) and `api_url` (env AIVEN_WEB_URL, default
 * https://api.aiven.io). Configuring makes the API client every resource receives as providerData.
 */
import { AivenClient } from '../client/aiven-client.js';
import { createHttp1Exchange } from '../client/http1-exchange.js';
import type { ConfigureRequest } from '../terraform/framework/provider/configure.js';
import { stringAttribute } from '../terraform/framework/schema/attributes.js';
import { defineSchema } from '../terraform/framework/schema/schema.js';
import { isUnknown } from '../terraform/framework/values.js';
import type { Validator } from '../terraform/framework/validators/validator.js';
import { PROVIDER_VERSION } from './version.js';
import { deferredTlsCa } from './deferred-extra-ca-certs.js';

export const DEFAULT_API_URL = 'https://api.aiven.io';

/** Why `url` cannot be the API's base URL, or undefined when it can. */
export function apiUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${JSON.stringify(url)} is not an absolute URL (for example https://api.aiven.io or http://127.0.0.1:8080)`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `${JSON.stringify(url)} must use http or https`;
  // Requests go to <api_url>/v1/…: a query string or fragment would end up in the wrong place.
  if (parsed.search || url.includes('?')) return `${JSON.stringify(url)} has a query string; give the base URL only (requests go to <api_url>/v1/…)`;
  if (parsed.hash || url.includes('#')) return `${JSON.stringify(url)} has a fragment (#…); give the base URL only (requests go to <api_url>/v1/…)`;
  return undefined;
}

const apiUrlValidator: Validator<string> = {
  description: 'an absolute http(s) URL without query string or fragment',
  validate({ value, path, diagnostics }) {
    const problem = apiUrlProblem(value);
    if (problem) diagnostics.addError('Invalid API URL', `api_url: ${problem}.`, path);
  },
};

/**
 * The client while api_token or api_url is not known yet: during plan, a provider configured from a
 * value known only after apply (an ephemeral token of a user created in the same run) has nothing to
 * call; terraform reads and plans what uses it at apply, when the value is known.
 */
function notKnownYetClient(which: string): AivenClient {
  const fail = () =>
    Promise.reject(
      new Error(
        `the provider's ${which} is not known yet (it comes from a value known only after apply), so it cannot call the API during this plan`,
      ),
    );
  // Not a thenable: configure's result is awaited.
  return new Proxy({} as AivenClient, { get: (_target, property) => (property === 'then' ? undefined : fail) });
}

export const providerSchema = defineSchema({
  attributes: {
    api_token: stringAttribute({
      optional: true,
      sensitive: true,
      markdownDescription: 'Aiven API token (or a Tessera token). Can also be set with the `AIVEN_TOKEN` environment variable.',
    }),
    api_url: stringAttribute({
      optional: true,
      markdownDescription: `Base URL of the Aiven-compatible API, e.g. a Tessera server (http or https, no query string or fragment). Can also be set with the \`AIVEN_WEB_URL\` environment variable. Defaults to \`${DEFAULT_API_URL}\`.`,
      validators: [apiUrlValidator],
    }),
  },
});

export function configureClient(req: ConfigureRequest<typeof providerSchema>, env: NodeJS.ProcessEnv = process.env): AivenClient | undefined {
  const { config, diagnostics } = req;
  if (isUnknown(config.api_token) || isUnknown(config.api_url)) {
    return notKnownYetClient(isUnknown(config.api_token) ? 'api_token' : 'api_url');
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
  const problem = apiUrlProblem(apiUrl);
  if (problem) {
    diagnostics.addError('Invalid API URL', `${config.api_url !== null ? 'api_url' : 'AIVEN_WEB_URL'}: ${problem}.`, ['api_url']);
    return undefined;
  }
  try {
    return new AivenClient({
      baseUrl: apiUrl,
      token,
      exchange: createHttp1Exchange({ tlsCa: deferredTlsCa(env) }),
      userAgent: `Terraform/${req.terraformVersion || 'unknown'} (+https://www.terraform.io) terraform-provider-aiven/${PROVIDER_VERSION} (${process.platform})`,
    });
  } catch (err) {
    diagnostics.addError('Invalid API URL', `${(err as Error).message}.`, ['api_url']);
    return undefined;
  }
}
