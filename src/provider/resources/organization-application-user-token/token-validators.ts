/**
 * The token service's limits (token-limits.ts) as framework validators, so `terraform validate` and
 * `plan` report them at the attribute's path. Set problems point at the set itself: tfplugin6 paths
 * cannot index into a set.
 */
import type { Validator } from '../../../terraform/framework/validators/validator.js';
import {
  checkDescription,
  checkIpAllowlist,
  checkMaxAgeSeconds,
  checkScopes,
  MAX_AGE_SECONDS_MAX,
  MAX_AGE_SECONDS_MIN,
  MAX_DESCRIPTION_LENGTH,
  MAX_IP_ALLOWLIST,
  MAX_SCOPES,
  type LimitProblem,
} from './token-limits.js';
import { isKnown } from '../../../terraform/framework/values.js';

function fromCheck<V>(description: string, check: (value: V) => LimitProblem[]): Validator<V> {
  return {
    description,
    validate({ value, path, diagnostics }) {
      for (const problem of check(value)) diagnostics.addError(problem.summary, problem.detail, path);
    },
  };
}

const knownStrings = (values: readonly unknown[]): string[] => values.filter((v): v is string => isKnown(v) && typeof v === 'string');

export const maxAgeSecondsValidator = fromCheck<number>(
  `a whole number between ${MAX_AGE_SECONDS_MIN} and ${MAX_AGE_SECONDS_MAX}`,
  (value) => checkMaxAgeSeconds(Number(value)),
);

export const descriptionValidator = fromCheck<string>(`at most ${MAX_DESCRIPTION_LENGTH} characters`, checkDescription);

export const scopesValidator = fromCheck<string[]>(`at most ${MAX_SCOPES} scopes`, (values) =>
  checkScopes(knownStrings(values), values.length),
);

export const ipAllowlistValidator = fromCheck<string[]>(
  `at most ${MAX_IP_ALLOWLIST} IP addresses or CIDR ranges`,
  (values) => checkIpAllowlist(knownStrings(values), values.length),
);
