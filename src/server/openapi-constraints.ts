// Rules the server checks in code rather than in the route's JSON schema (where they would give less
// helpful error messages) — token scopes, ip_allowlist entries, max_age_seconds, introspection's
// client_ip — written into the
// request bodies of the OpenAPI document, so that clients and request generators (schemathesis) know
// what is valid. Each description comes from the rule's own module.
import { scopeJsonSchema } from '../domain/scopes.js';
import { MAX_MAX_AGE_SECONDS, MIN_MAX_AGE_SECONDS } from '../domain/token-limits.js';
import { EVENTS_LIMIT_DESCRIPTION, EVENTS_LIMIT_PATTERN } from '../domain/events-page.js';

type Schema = Record<string, any>;

const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const IPV4 = `${OCTET}(\\.${OCTET}){3}`;
const IPV6_FULL = '[0-9a-fA-F]{1,4}(:[0-9a-fA-F]{1,4}){7}';

/**
 * CIDRs (or single addresses) the server accepts. The pattern spells IPv4 and uncompressed IPv6; the
 * server also accepts compressed IPv6 (2001:db8::/32), which the description says — a pattern for
 * every IPv6 spelling would be unreadable, and what the pattern admits is always accepted.
 */
export const ipAllowlistEntrySchema: Schema = {
  type: 'string',
  maxLength: 64,
  anyOf: [
    { pattern: `^${IPV4}(/(3[0-2]|[12]?[0-9]))?$` },
    { pattern: `^${IPV6_FULL}(/(12[0-8]|1[01][0-9]|[1-9]?[0-9]))?$` },
    { format: 'ipv6' },
  ],
  description: 'A CIDR or a single address, IPv4 or IPv6 (e.g. 203.0.113.0/24, 2001:db8::/32, 10.0.0.1).',
};

export const maxAgeSecondsSchema: Schema = {
  anyOf: [
    { type: 'integer', const: 0 },
    { type: 'integer', minimum: MIN_MAX_AGE_SECONDS, maximum: MAX_MAX_AGE_SECONDS },
  ],
  description: `Seconds until expiry, ${MIN_MAX_AGE_SECONDS} to ${MAX_MAX_AGE_SECONDS}; 0 = never expires; unset = the server default.`,
};

/** An address the server parses (introspection's client_ip). */
export const ipAddressSchema: Schema = {
  type: 'string',
  maxLength: 64,
  anyOf: [{ format: 'ipv4' }, { format: 'ipv6' }],
};

/** The events page size: the very pattern the route validates with (one definition, in domain/events-page.ts). */
export const eventsLimitSchema: Schema = {
  type: 'string',
  pattern: EVENTS_LIMIT_PATTERN,
  description: EVENTS_LIMIT_DESCRIPTION,
};

/** Rewrites those properties wherever a request body (or the events query) declares them. */
export function describeCheckedRules<T extends object>(document: T): T {
  const paths = (document as { paths?: Record<string, Record<string, Schema>> }).paths ?? {};
  for (const operations of Object.values(paths)) {
    for (const operation of Object.values(operations ?? {})) {
      for (const parameter of (operation?.parameters ?? []) as Schema[]) {
        if (parameter.in === 'query' && parameter.name === 'limit' && parameter.schema?.type === 'string') parameter.schema = { ...eventsLimitSchema };
      }
      for (const media of Object.values<Schema>(operation?.requestBody?.content ?? {})) {
        const properties = media?.schema?.properties as Schema | undefined;
        if (!properties) continue;
        if (properties.scopes?.items) properties.scopes.items = { ...scopeJsonSchema() };
        if (properties.ip_allowlist?.items) properties.ip_allowlist.items = { ...ipAllowlistEntrySchema };
        if (properties.max_age_seconds?.type === 'integer') properties.max_age_seconds = { ...maxAgeSecondsSchema };
        if (properties.client_ip?.type === 'string') properties.client_ip = { ...ipAddressSchema, description: properties.client_ip.description };
      }
    }
  }
  return document;
}
