/** The application user resource's id: `ORGANIZATION_ID/USER_ID` (split at the first "/"). */
export interface UserId {
  organizationId: string;
  userId: string;
}

export const USER_ID_FORM = 'ORGANIZATION_ID/USER_ID';

export function formatUserId(id: UserId): string {
  return `${id.organizationId}/${id.userId}`;
}

export function parseUserId(id: string): UserId | { error: string } {
  const slash = id.indexOf('/');
  const organizationId = slash < 0 ? '' : id.slice(0, slash);
  const userId = slash < 0 ? '' : id.slice(slash + 1);
  if (!organizationId || !userId || userId.includes('/') || /\s/.test(id)) {
    return { error: `The import id must have the form ${USER_ID_FORM}, got ${JSON.stringify(id)}.` };
  }
  return { organizationId, userId };
}
