/**
 * How API failures read in terraform's output: the server's own message quoted, with the status and
 * error code, and the request that failed. Connection failures name the URL. Never the token.
 */
import { AivenApiError } from '../client/api-error.js';
import { OPERATION_VERB as VERB, type ErrorDescription, type OperationName } from '../terraform/framework/provider/provider.js';

/** What a 404's error code says is missing, in the words every not-found summary uses. */
const MISSING: Record<string, string> = {
  organization_not_found: 'Organization',
  account_not_found: 'Organization',
  organization_user_not_found: 'Application user',
  user_not_application_user: 'Application user',
  token_not_found: 'Application user token',
};

/** The object a resource type manages, for a 404 without a known error code. */
const THING: Record<string, string> = {
  aiven_organization: 'Organization',
  aiven_organization_application_user: 'Application user',
  aiven_organization_application_user_token: 'Application user token',
};

export function describeApiError(err: unknown, operation: OperationName, typeName: string): ErrorDescription | undefined {
  let summary = `Error ${VERB[operation]} ${typeName}`;
  if (err instanceof AivenApiError) {
    // Not-found reads the same everywhere: "<what> not found", whatever the resource or data source.
    if (err.status === 404) summary = `${MISSING[err.errorCode ?? ''] ?? THING[typeName] ?? 'Object'} not found`;
    const code = err.errorCode ? `, ${err.errorCode}` : '';
    return { summary, detail: `The API answered ${err.status}${code}: "${err.message}" (${err.operation}).` };
  }
  if (err instanceof Error && /could not reach/.test(err.message)) {
    const code = (err.cause as { code?: unknown } | undefined)?.code;
    if (typeof code === 'string' && UNTRUSTED_CERTIFICATE.test(code)) {
      return {
        summary,
        detail:
          `${err.message}: the server's TLS certificate is not trusted. If it comes from a private CA, ` +
          'set NODE_EXTRA_CA_CERTS to the file of that CA certificate; check api_url (or AIVEN_WEB_URL).',
      };
    }
    return { summary, detail: `${err.message}. Check api_url (or AIVEN_WEB_URL) and that the server is running.` };
  }
  return undefined;
}

/** OpenSSL's verification failures, as Node reports them in `code`. */
const UNTRUSTED_CERTIFICATE = /^(SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_(VERIFY_LEAF_SIGNATURE|GET_ISSUER_CERT(_LOCALLY)?)|CERT_[A-Z_]+|ERR_TLS_CERT_ALTNAME_INVALID)$/;
