/**
 * The `timeouts` block every resource carries (`timeouts { create = "30s" }`), and how the framework
 * turns it into a deadline: the operation's configured duration, or the default (20 minutes).
 *
 *   blocks: { timeouts: timeoutsBlock() }              // create, read, update, delete
 *   blocks: { timeouts: timeoutsBlock({ operations: ['create', 'read'] }) }
 *
 * Nothing else is needed: the framework finds the block named `timeouts`, starts the clock when the
 * operation begins, and aborts the operation's signal when it runs out.
 */
import { stringAttribute } from '../schema/attributes.js';
import { singleNestedBlock } from '../schema/blocks.js';
import type { Validator } from '../validators/validator.js';
import { parseGoDuration } from './go-duration.js';

export type TimeoutOperation = 'create' | 'read' | 'update' | 'delete';

export const DEFAULT_TIMEOUT_MS = 20 * 60_000;

const DURATION_HELP =
  'A string that can be [parsed as a duration](https://pkg.go.dev/time#ParseDuration) consisting of numbers and unit suffixes, such as "30s" or "2h45m". Valid time units are "s" (seconds), "m" (minutes), "h" (hours).';

const EXTRA_HELP: Record<TimeoutOperation, string> = {
  create: '',
  read: ' Read operations occur during any refresh or planning operation when refresh is enabled.',
  update: '',
  delete:
    ' Setting a timeout for a Delete operation is only applicable if changes are saved into state before the destroy operation occurs.',
};

/** Validates a Go duration string and requires it to be positive. */
export function validDuration(): Validator<string> {
  return {
    description: 'a positive Go duration such as "30s" or "2h45m"',
    validate({ value, path, diagnostics }) {
      try {
        if (parseGoDuration(value) <= 0) {
          diagnostics.addError('Invalid Timeout', `Timeout ${JSON.stringify(value)} must be longer than zero.`, path);
        }
      } catch (err) {
        diagnostics.addError('Invalid Timeout', `${(err as Error).message}.`, path);
      }
    },
  };
}

export function timeoutsBlock(opts: { operations?: TimeoutOperation[] } = {}) {
  const operations = opts.operations ?? (['create', 'read', 'update', 'delete'] as TimeoutOperation[]);
  const attributes: Record<string, ReturnType<typeof stringAttribute>> = {};
  for (const op of (['create', 'delete', 'read', 'update'] as const).filter((o) => operations.includes(o))) {
    attributes[op] = stringAttribute({
      optional: true,
      markdownDescription: DURATION_HELP + EXTRA_HELP[op],
      validators: [validDuration()],
    });
  }
  return singleNestedBlock({
    markdownDescription: `How long each operation (${operations.join(', ')}) may take before Terraform reports a timeout; ${DEFAULT_TIMEOUT_MS / 60_000} minutes each unless set. The deadline covers the API calls and their retries.`,
    attributes: attributes as Partial<Record<TimeoutOperation, ReturnType<typeof stringAttribute>>>,
  });
}

/**
 * The timeout for `operation` from a decoded object's `timeouts` value (null/absent/unknown = default).
 * Invalid strings were rejected at validation; here they fall back to the default.
 */
export function timeoutFor(object: unknown, operation: TimeoutOperation, fallbackMs = DEFAULT_TIMEOUT_MS): number {
  const block = (object as { timeouts?: unknown } | null | undefined)?.timeouts;
  const text = block && typeof block === 'object' ? (block as Record<string, unknown>)[operation] : undefined;
  if (typeof text !== 'string') return fallbackMs;
  try {
    const ms = parseGoDuration(text);
    return ms > 0 ? ms : fallbackMs;
  } catch {
    return fallbackMs;
  }
}
