/**
 * The limits the token service enforces on a new token, checked at plan time so a bad value fails
 * `terraform plan` with the attribute's path instead of failing half-way through an apply.
 * Each check returns problems as (attribute, message) pairs; unknown values are skipped by the caller.
 */
import { isIP } from 'node:net';

export const MAX_AGE_SECONDS_MIN = 600;
export const MAX_AGE_SECONDS_MAX = 315_360_000;
export const MAX_SCOPES = 100;
export const MAX_IP_ALLOWLIST = 100;
export const MAX_DESCRIPTION_LENGTH = 1000;

export interface LimitProblem {
  attribute: string;
  summary: string;
  detail: string;
}

export function checkMaxAgeSeconds(value: number): LimitProblem[] {
  if (!Number.isInteger(value) || value < MAX_AGE_SECONDS_MIN || value > MAX_AGE_SECONDS_MAX) {
    return [
      {
        attribute: 'max_age_seconds',
        summary: 'Invalid max_age_seconds',
        detail: `max_age_seconds must be a whole number of seconds between ${MAX_AGE_SECONDS_MIN} and ${MAX_AGE_SECONDS_MAX}, got ${value}.`,
      },
    ];
  }
  return [];
}

export function checkDescription(value: string): LimitProblem[] {
  const length = [...value].length;
  if (length > MAX_DESCRIPTION_LENGTH) {
    return [
      {
        attribute: 'description',
        summary: 'Description too long',
        detail: `description must be at most ${MAX_DESCRIPTION_LENGTH} characters, got ${length}.`,
      },
    ];
  }
  return [];
}

/** `count` includes elements not known yet (only known ones can be checked one by one). */
export function checkScopes(values: readonly string[], count = values.length): LimitProblem[] {
  const problems: LimitProblem[] = [];
  if (count > MAX_SCOPES) {
    problems.push({
      attribute: 'scopes',
      summary: 'Too many scopes',
      detail: `scopes may hold at most ${MAX_SCOPES} items, got ${count}.`,
    });
  }
  for (const scope of values) {
    if (scope.trim() === '') {
      problems.push({ attribute: 'scopes', summary: 'Invalid scope', detail: 'scopes must not contain an empty string.' });
    }
  }
  return problems;
}

/** True for an IPv4/IPv6 address, optionally with a prefix length valid for its family. */
export function isCidr(value: string): boolean {
  const slash = value.indexOf('/');
  const address = slash < 0 ? value : value.slice(0, slash);
  const family = isIP(address);
  if (family === 0) return false;
  if (slash < 0) return true;
  const bits = value.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

export function checkIpAllowlist(values: readonly string[], count = values.length): LimitProblem[] {
  const problems: LimitProblem[] = [];
  if (count > MAX_IP_ALLOWLIST) {
    problems.push({
      attribute: 'ip_allowlist',
      summary: 'Too many ip_allowlist entries',
      detail: `ip_allowlist may hold at most ${MAX_IP_ALLOWLIST} items, got ${count}.`,
    });
  }
  for (const entry of values) {
    if (!isCidr(entry)) {
      problems.push({
        attribute: 'ip_allowlist',
        summary: 'Invalid CIDR in ip_allowlist',
        detail: `${JSON.stringify(entry)} is not an IP address or CIDR range (examples: "203.0.113.0/24", "2001:db8::/32", "198.51.100.7").`,
      });
    }
  }
  return problems;
}
