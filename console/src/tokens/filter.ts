// Sorting and filtering a user's tokens: the questions people ask of the list are "which expire
// soon", "which were never used" and "which have not been used for 90 days".
import type { Token } from '../api/types.ts';

export type TokenFilter = 'all' | 'expires-soon' | 'never-used' | 'unused-90-days';
export type TokenSort = 'created' | 'expires' | 'last-used' | 'description';

const DAY = 24 * 3600 * 1000;
export const EXPIRES_SOON_DAYS = 7;
export const UNUSED_DAYS = 90;

export const FILTER_LABELS: Record<TokenFilter, string> = {
  all: 'All tokens',
  'expires-soon': `Expires within ${EXPIRES_SOON_DAYS} days`,
  'never-used': 'Never used',
  'unused-90-days': `Unused for ${UNUSED_DAYS} days`,
};

export const SORT_LABELS: Record<TokenSort, string> = {
  created: 'Created',
  expires: 'Expires',
  'last-used': 'Last used',
  description: 'Description',
};

export function matchesFilter(token: Token, filter: TokenFilter, now = Date.now()): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'expires-soon':
      return token.expiry_time !== null && Date.parse(token.expiry_time) - now <= EXPIRES_SOON_DAYS * DAY;
    case 'never-used':
      return token.last_used_time === null;
    case 'unused-90-days': {
      const since = token.last_used_time ?? token.create_time;
      return now - Date.parse(since) >= UNUSED_DAYS * DAY;
    }
  }
}

/** Ascending order for each key; a token that never expires sorts after every expiring one. */
function compare(a: Token, b: Token, sort: TokenSort): number {
  const time = (iso: string | null, missing: number) => (iso === null ? missing : Date.parse(iso));
  switch (sort) {
    case 'created':
      return time(a.create_time, 0) - time(b.create_time, 0);
    case 'expires':
      return time(a.expiry_time, Infinity) - time(b.expiry_time, Infinity) || 0;
    case 'last-used':
      return time(a.last_used_time, -Infinity) - time(b.last_used_time, -Infinity) || 0;
    case 'description':
      return (a.description ?? '').localeCompare(b.description ?? '');
  }
}

export function sortAndFilter(tokens: Token[], filter: TokenFilter, sort: TokenSort, descending: boolean, now = Date.now()): Token[] {
  const shown = tokens.filter((token) => matchesFilter(token, filter, now));
  shown.sort((a, b) => {
    const order = compare(a, b, sort);
    return (descending ? -order : order) || a.token_prefix.localeCompare(b.token_prefix);
  });
  return shown;
}
