/**
 * Errors thrown by resource code become diagnostics: timeouts and interrupts say so plainly (with the
 * `timeouts` attribute to change), other errors go through the provider's describeError (which quotes
 * API messages), else a generic wording with the error's message.
 */
import type { Diagnostics } from '../diagnostics.js';
import { OPERATION_VERB as VERB, type OperationName, type Provider } from '../provider/provider.js';
import { formatDuration } from '../timeouts/go-duration.js';
import { isCancellation, type OperationScope } from './cancellation.js';


export function reportThrown(
  err: unknown,
  operation: OperationName,
  typeName: string,
  provider: Provider,
  diagnostics: Diagnostics,
  scope?: OperationScope,
): void {
  if (scope?.timedOut()) {
    const timeoutOp = operation === 'import' ? 'read' : operation;
    diagnostics.addError(
      `Timeout while ${VERB[operation]} ${typeName}`,
      `The operation did not finish within ${formatDuration(scope.timeoutMs)}. Set a longer \`timeouts { ${timeoutOp} = "…" }\` if the API is slow.${causeText(err)}`,
    );
    return;
  }
  if (scope?.stopped()) {
    diagnostics.addError(
      `Interrupted while ${VERB[operation]} ${typeName}`,
      `Terraform asked the provider to stop (interrupt) before the operation finished.${causeText(err)}`,
    );
    return;
  }
  const described = safeDescribe(provider, err, operation, typeName);
  if (described) {
    diagnostics.addError(described.summary, described.detail);
    return;
  }
  diagnostics.addError(`Error ${VERB[operation]} ${typeName}`, err instanceof Error ? err.message : String(err));
}

function safeDescribe(provider: Provider, err: unknown, operation: OperationName, typeName: string) {
  try {
    return provider.describeError?.(err, operation, typeName);
  } catch {
    return undefined;
  }
}

function causeText(err: unknown): string {
  if (!(err instanceof Error) || isCancellation(err)) return '';
  return ` Last error: ${err.message}`;
}
