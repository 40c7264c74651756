// Public identifiers, shaped like Aiven's: organization "org…", account "a…", application user "u…".
import { randomBytes } from 'node:crypto';

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

export const newOrganizationId = (): string => `org${hex(6)}`;
export const newAccountId = (): string => `a${hex(6)}`;
export const newUserId = (): string => `u${hex(6)}`;

/** Synthetic, unroutable address for an application user (Aiven gives them one too). */
export function applicationUserEmail(userId: string, organizationId: string): string {
  return `${userId}@${organizationId}.application-users.tessera.invalid`;
}
