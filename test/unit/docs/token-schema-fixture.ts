/**
 * A hand-built schema of aiven_organization_application_user_token with the reference page's
 * descriptions (plus ip_allowlist, which Tessera adds), for testing the renderer without the provider.
 */
import type { Schema, SchemaAttribute } from '../../../src/terraform/protocol/types.js';

const duration =
  'A string that can be [parsed as a duration](https://pkg.go.dev/time#ParseDuration) consisting of numbers and unit suffixes, such as "30s" or "2h45m". Valid time units are "s" (seconds), "m" (minutes), "h" (hours).';

const s = (name: string, description: string, extra: Partial<SchemaAttribute>): SchemaAttribute => ({
  name,
  type: 'string',
  description,
  descriptionKind: 'markdown',
  ...extra,
});

export const tokenResourceDescription =
  'Creates and manages an application user token. Review the [best practices](https://aiven.io/docs/platform/concepts/application-users#security-best-practices) for securing application users and their tokens. ';

export const tokenSchema: Schema = {
  version: 0,
  block: {
    description: tokenResourceDescription,
    descriptionKind: 'markdown',
    attributes: [
      s('id', 'Compound identifier of the application user token.', { computed: true }),
      s('organization_id', 'The ID of the organization the application user belongs to.', { required: true }),
      s('user_id', 'The ID of the application user the token is created for.', { required: true }),
      s('description', 'Description of the token.', { optional: true }),
      s('extend_when_used', 'Extends the token session duration when the token is used. Only applicable if a value is set for `max_age_seconds`.', { optional: true, type: 'bool' }),
      s('max_age_seconds', 'The number of hours after which a token expires. Default session duration is 10 hours.', { optional: true, type: 'number' }),
      s('scopes', 'Restricts the scopes for this token.', { optional: true, type: ['set', 'string'] }),
      s('ip_allowlist', 'IP addresses or CIDR ranges the token may be used from.', { optional: true, type: ['set', 'string'] }),
      s('create_time', 'Time when the token was created.', { computed: true }),
      s('created_manually', 'True for tokens explicitly created using the `access_tokens` API. False for tokens created when a user logs in.', { computed: true, type: 'bool' }),
      s('currently_active', 'True if the API request was made with this token.', { computed: true, type: 'bool' }),
      s('expiry_time', 'Timestamp when the access token will expire unless extended.', { computed: true }),
      s('full_token', 'Full token.', { computed: true, sensitive: true }),
      s('last_ip', 'IP address of the last request made with this token.', { computed: true }),
      s('last_used_time', 'Timestamp when the access token was last used.', { computed: true }),
      s('last_user_agent', 'User agent of the last request made with this token.', { computed: true }),
      s('last_user_agent_human_readable', 'User agent of the last request made with this token in human-readable format.', { computed: true }),
      s('token_prefix', 'Prefix of the token.', { computed: true }),
    ],
    blockTypes: [
      {
        typeName: 'timeouts',
        nesting: 'single',
        block: {
          attributes: [
            s('create', duration, { optional: true }),
            s('read', `${duration} Read operations occur during any refresh or planning operation when refresh is enabled.`, { optional: true }),
            s('update', duration, { optional: true }),
            s('delete', `${duration} Setting a timeout for a Delete operation is only applicable if changes are saved into state before the destroy operation occurs.`, { optional: true }),
          ],
          blockTypes: [],
        },
      },
    ],
  },
};
