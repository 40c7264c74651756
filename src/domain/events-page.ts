// How many audit events one page of GET …/events holds: the route's schema validates `limit` with the
// pattern, and the OpenAPI document states the very same pattern (query strings arrive as text, with no
// type coercion, so the number is checked by pattern, which is the whole range).
export const MAX_EVENTS_PAGE = 1000;
export const DEFAULT_EVENTS_PAGE = 100;

/** The events page size, 1 to MAX_EVENTS_PAGE written plainly (no sign, no leading zeros). */
export const EVENTS_LIMIT_PATTERN = '^(?:[1-9][0-9]{0,2}|1000)$';

/** The `limit` parameter's description, in the schema and the document alike. */
export const EVENTS_LIMIT_DESCRIPTION = `1 to ${MAX_EVENTS_PAGE} (default ${DEFAULT_EVENTS_PAGE})`;
