// Public identifiers, shaped like Aiven's: organization "org…", account "a…", application user "u…",
// each followed by 12 random hex digits.
import { randomUUID } from 'node:crypto';

// The last group of a version 4 UUID is 12 hex digits of the CSPRNG's output (48 bits; the version and
// variant bits are in other groups). randomUUID takes them from random bytes it buffers for 128 UUIDs
// at a time, where randomBytes(6) called into OpenSSL for each id: in a profile of the server, 15 µs
// per id and 3% of an organization create's CPU (it takes two ids; Node 20, bench/writes.ts).
const random12Hex = (): string => randomUUID().slice(24);

export const newOrganizationId = (): string => `org${random12Hex()}`;
export const newAccountId = (): string => `a${random12Hex()}`;
export const newUserId = (): string => `u${random12Hex()}`;

/** Synthetic, unroutable address for an application user (Aiven gives them one too). */
export function applicationUserEmail(userId: string, organizationId: string): string {
  return `${userId}@${organizationId}.application-users.tessera.invalid`;
}
