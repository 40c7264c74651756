import type { Validator } from './validator.js';

/** The string matches `pattern`; `rule` says in words what a valid value looks like. */
export function stringMatches(pattern: RegExp, rule: string): Validator<string> {
  return {
    description: rule,
    validate({ value, path, diagnostics }) {
      if (!pattern.test(value)) {
        diagnostics.addError('Invalid Attribute Value Match', `${JSON.stringify(value)} is not valid: ${rule}.`, path);
      }
    },
  };
}
