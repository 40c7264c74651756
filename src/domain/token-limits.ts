// The limits on what a client may send for tokens and application users: one definition that the
// server's JSON schemas and route checks and the provider's plan-time validators both read, so
// `terraform plan` refuses exactly what the API would refuse at apply.
// Each check returns problems as (attribute, summary, detail); an empty list means the value is fine.
import { parseCidr } from './ip-allowlist.js';
import { MAX_MAX_AGE_SECONDS, MIN_MAX_AGE_SECONDS } from './expiry.js';
import { isValidScope, MAX_SCOPE_LENGTH, VALID_SCOPE_FORMS } from './scopes.js';

export { MAX_MAX_AGE_SECONDS, MIN_MAX_AGE_SECONDS, MAX_SCOPE_LENGTH, VALID_SCOPE_FORMS };

/** max_age_seconds = 0: the token never expires. */
export const NEVER_EXPIRES = 0;
export const DESCRIPTION_MAX_LENGTH = 1000;
export const SCOPES_MAX_ITEMS = 100;
export const IP_ALLOWLIST_MAX_ITEMS = 100;
/** Longest ip_allowlist entry (the longest IPv6 CIDR text fits well within it). */
export const IP_ALLOWLIST_ENTRY_MAX_LENGTH = 64;
/** Organization, account and application user names. */
export const NAME_MIN_LENGTH = 1;
export const NAME_MAX_LENGTH = 128;

/** Rotation's grace period: how long the old token keeps working (seconds), at most a day; default an hour. */
export const MAX_ROTATION_GRACE_SECONDS = 86_400;
export const DEFAULT_ROTATION_GRACE_SECONDS = 3600;

/** In words, for errors and docs: "0 (never expires) or 600 to 315360000". */
export const MAX_AGE_SECONDS_RANGE = `${NEVER_EXPIRES} (never expires) or ${MIN_MAX_AGE_SECONDS} to ${MAX_MAX_AGE_SECONDS}`;

export interface LimitProblem {
  attribute: string;
  summary: string;
  detail: string;
}

/** Characters as JSON schema's maxLength counts them (code points, not UTF-16 units). */
export function characterCount(value: string): number {
  return [...value].length;
}

export function checkMaxAgeSeconds(value: number): LimitProblem[] {
  const ok = Number.isInteger(value) && (value === NEVER_EXPIRES || (value >= MIN_MAX_AGE_SECONDS && value <= MAX_MAX_AGE_SECONDS));
  if (ok) return [];
  return [
    {
      attribute: 'max_age_seconds',
      summary: 'Invalid max_age_seconds',
      detail: `max_age_seconds must be a whole number of seconds, ${MAX_AGE_SECONDS_RANGE}, got ${value}.`,
    },
  ];
}

export function checkDescription(value: string): LimitProblem[] {
  const length = characterCount(value);
  if (length <= DESCRIPTION_MAX_LENGTH) return [];
  return [
    {
      attribute: 'description',
      summary: 'Description too long',
      detail: `description must be at most ${DESCRIPTION_MAX_LENGTH} characters, got ${length}.`,
    },
  ];
}

/** `count` includes elements not known yet (only known ones can be checked one by one). */
export function checkScopes(values: readonly string[], count = values.length): LimitProblem[] {
  const problems: LimitProblem[] = [];
  if (count > SCOPES_MAX_ITEMS) {
    problems.push({ attribute: 'scopes', summary: 'Too many scopes', detail: `scopes may hold at most ${SCOPES_MAX_ITEMS} items, got ${count}.` });
  }
  for (const scope of values) {
    if (!isValidScope(scope)) {
      problems.push({
        attribute: 'scopes',
        summary: 'Invalid scope',
        detail: `${JSON.stringify(scope)} is not a valid scope; use ${VALID_SCOPE_FORMS}.`,
      });
    }
  }
  return problems;
}

export function checkIpAllowlist(values: readonly string[], count = values.length): LimitProblem[] {
  const problems: LimitProblem[] = [];
  if (count > IP_ALLOWLIST_MAX_ITEMS) {
    problems.push({
      attribute: 'ip_allowlist',
      summary: 'Too many ip_allowlist entries',
      detail: `ip_allowlist may hold at most ${IP_ALLOWLIST_MAX_ITEMS} items, got ${count}.`,
    });
  }
  for (const entry of values) {
    if (entry.length > IP_ALLOWLIST_ENTRY_MAX_LENGTH || !parseCidr(entry)) {
      problems.push({
        attribute: 'ip_allowlist',
        summary: 'Invalid CIDR in ip_allowlist',
        detail: `${JSON.stringify(entry)} is not an IP address or CIDR range (examples: "203.0.113.0/24", "2001:db8::/32", "198.51.100.7").`,
      });
    }
  }
  return problems;
}

/** Names of organizations and application users. */
export function checkName(value: string, attribute = 'name'): LimitProblem[] {
  const length = characterCount(value);
  if (length >= NAME_MIN_LENGTH && length <= NAME_MAX_LENGTH) return [];
  return [
    {
      attribute,
      summary: `Invalid ${attribute}`,
      detail: `${attribute} must be ${NAME_MIN_LENGTH} to ${NAME_MAX_LENGTH} characters long, got ${length}.`,
    },
  ];
}
