/**
 * How API failures read in terraform's output: the server's own message quoted, with the status and
 * error code, and the request that failed. Connection failures name the URL. Never the token.
 */
import { AivenApiError } from '../client/api-error.js';
import { OPERATION_VERB as VERB, type ErrorDescription, type OperationName } from '../terraform/framework/provider/provider.js';


export function describeApiError(err: unknown, operation: OperationName, typeName: string): ErrorDescription | undefined {
  const summary = `Error ${VERB[operation]} ${typeName}`;
  if (err instanceof AivenApiError) {
    const code = err.errorCode ? `, ${err.errorCode}` : '';
    return { summary, detail: `The API answered ${err.status}${code}: "${err.message}" (${err.operation}).` };
  }
  if (err instanceof Error && /could not reach/.test(err.message)) {
    return { summary, detail: `${err.message}. Check api_url (or AIVEN_WEB_URL) and that the server is running.` };
  }
  return undefined;
}
