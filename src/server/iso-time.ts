// Times in API objects and audit log lines: ISO 8601, UTC, from the store's epoch milliseconds.
export const iso = (ms: number): string => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));
