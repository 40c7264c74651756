/**
 * The token resource's id: `ORGANIZATION_ID/USER_ID/TOKEN_PREFIX`. It splits at the first two `/` only,
 * because a token prefix may itself contain `/` (base64-like alphabets do).
 */
export interface TokenId {
  organizationId: string;
  userId: string;
  tokenPrefix: string;
}

export const TOKEN_ID_FORM = 'ORGANIZATION_ID/USER_ID/TOKEN_PREFIX';

export function formatTokenId(id: TokenId): string {
  return `${id.organizationId}/${id.userId}/${id.tokenPrefix}`;
}

/** The parts of `id`, or an error message that shows the expected form and the value received. */
export function parseTokenId(id: string): TokenId | { error: string } {
  const first = id.indexOf('/');
  const second = first < 0 ? -1 : id.indexOf('/', first + 1);
  const organizationId = first < 0 ? '' : id.slice(0, first);
  const userId = second < 0 ? '' : id.slice(first + 1, second);
  const tokenPrefix = second < 0 ? '' : id.slice(second + 1);
  if (!organizationId || !userId || !tokenPrefix || /\s/.test(organizationId + userId)) {
    return {
      error: `The import id must have the form ${TOKEN_ID_FORM} (three non-empty parts separated by "/"; the prefix may contain "/"), got ${JSON.stringify(id)}.`,
    };
  }
  return { organizationId, userId, tokenPrefix };
}
