/**
 * The token service's limits (src/domain/token-limits.ts, the same definitions the server's schemas
 * use) as framework validators, so `terraform validate` and `plan` report them at the attribute's
 * path. Set problems point at the set itself: tfplugin6 paths cannot index into a set.
 */
import type { Validator } from '../terraform/framework/validators/validator.js';
import {
  checkDescription,
  checkIpAllowlist,
  checkMaxAgeSeconds,
  checkName,
  checkScopes,
  DESCRIPTION_MAX_LENGTH,
  IP_ALLOWLIST_MAX_ITEMS,
  MAX_AGE_SECONDS_RANGE,
  NAME_MAX_LENGTH,
  NAME_MIN_LENGTH,
  SCOPES_MAX_ITEMS,
  type LimitProblem,
} from '../domain/token-limits.js';
import { isKnown } from '../terraform/framework/values.js';

function fromCheck<V>(description: string, check: (value: V) => LimitProblem[]): Validator<V> {
  return {
    description,
    validate({ value, path, diagnostics }) {
      for (const problem of check(value)) diagnostics.addError(problem.summary, problem.detail, path);
    },
  };
}

const knownStrings = (values: readonly unknown[]): string[] => values.filter((v): v is string => isKnown(v) && typeof v === 'string');

export const maxAgeSecondsValidator = fromCheck<number>(`a whole number of seconds, ${MAX_AGE_SECONDS_RANGE}`, (value) =>
  checkMaxAgeSeconds(Number(value)),
);

export const descriptionValidator = fromCheck<string>(`at most ${DESCRIPTION_MAX_LENGTH} characters`, checkDescription);

export const scopesValidator = fromCheck<string[]>(`at most ${SCOPES_MAX_ITEMS} valid scopes`, (values) =>
  checkScopes(knownStrings(values), values.length),
);

export const ipAllowlistValidator = fromCheck<string[]>(
  `at most ${IP_ALLOWLIST_MAX_ITEMS} IP addresses or CIDR ranges`,
  (values) => checkIpAllowlist(knownStrings(values), values.length),
);

/** Application user (and organization) names, as the server bounds them. */
export const nameValidator = fromCheck<string>(`${NAME_MIN_LENGTH} to ${NAME_MAX_LENGTH} characters`, (value) => checkName(value));

/** An id the API needs in its paths (`attribute` names it): an empty one could only fail at apply. */
export function nonEmptyIdValidator(attribute: string): Validator<string> {
  return {
    description: 'not empty',
    validate({ value, path, diagnostics }) {
      if (value.trim() === '') diagnostics.addError(`Invalid ${attribute}`, `${attribute} must not be empty.`, path);
    },
  };
}
