/**
 * The schema of aiven_organization_application_user_token: exactly the reference page's attributes
 * and words, plus `ip_allowlist`. Tokens cannot be changed, so every settable attribute forces a new
 * token. `description`, `extend_when_used` and `max_age_seconds` are optional+computed: the server
 * fills them when unset (an API may echo max_age_seconds as null or as its default; both fit).
 * `scopes` and `ip_allowlist` are optional only, because unset and empty mean opposite things on the
 * server (unset: all the user's rights / from anywhere; `[]`: none / from nowhere): unset stays null in
 * plan and state, `[]` stays `[]`, and a change between them replaces the token.
 */
import { requiresReplace } from '../../../terraform/framework/planmodifiers/requires-replace.js';
import { useStateForUnknown } from '../../../terraform/framework/planmodifiers/use-state-for-unknown.js';
import { boolAttribute, numberAttribute, setAttribute, stringAttribute } from '../../../terraform/framework/schema/attributes.js';
import { defineSchema } from '../../../terraform/framework/schema/schema.js';
import { timeoutsBlock } from '../../../terraform/framework/timeouts/timeouts-block.js';
import { MAX_AGE_SECONDS_RANGE } from '../../../domain/token-limits.js';
import { descriptionValidator, ipAllowlistValidator, maxAgeSecondsValidator, nonEmptyIdValidator, scopesValidator } from '../../limit-validators.js';

export const TOKEN_TYPE_NAME = 'aiven_organization_application_user_token';

export const tokenResourceDescription =
  'Creates and manages an application user token. Review the [best practices](https://aiven.io/docs/platform/concepts/application-users#security-best-practices) for securing application users and their tokens. ';

/** Read-only attributes the server reports about a token (shared with the ephemeral resource). */
/** max_age_seconds in words (the resource and the ephemeral resource say the same). */
export const maxAgeSecondsDescription =
  `The number of seconds after which the token expires: ${MAX_AGE_SECONDS_RANGE} (10 years); ` +
  '0 only where the server allows tokens that never expire.';

/** ip_allowlist in words: what unset and an empty set mean. */
export const ipAllowlistDescription =
  'IP addresses or CIDR ranges (IPv4 or IPv6) the token may be used from; requests from elsewhere are refused. Not set: from anywhere. An empty set: from nowhere.';

/** Scopes in words: what unset and an empty set mean. */
export const scopesDescription =
  'Restricts the scopes for this token. Not set: the token has all the rights of its application user. An empty set: the token may do nothing.';

export const tokenReadOnlyAttributes = {
  create_time: stringAttribute({ computed: true, markdownDescription: 'Time when the token was created.', planModifiers: [useStateForUnknown()] }),
  created_manually: boolAttribute({
    computed: true,
    markdownDescription: 'True for tokens explicitly created using the `access_tokens` API. False for tokens created when a user logs in.',
    planModifiers: [useStateForUnknown()],
  }),
  currently_active: boolAttribute({ computed: true, markdownDescription: 'True if the API request was made with this token.' }),
  expiry_time: stringAttribute({ computed: true, markdownDescription: 'Timestamp when the access token will expire unless extended.' }),
  full_token: stringAttribute({ computed: true, sensitive: true, markdownDescription: 'Full token.', planModifiers: [useStateForUnknown()] }),
  last_ip: stringAttribute({ computed: true, markdownDescription: 'IP address of the last request made with this token.' }),
  last_used_time: stringAttribute({ computed: true, markdownDescription: 'Timestamp when the access token was last used.' }),
  last_user_agent: stringAttribute({ computed: true, markdownDescription: 'User agent of the last request made with this token.' }),
  last_user_agent_human_readable: stringAttribute({
    computed: true,
    markdownDescription: 'User agent of the last request made with this token in human-readable format.',
  }),
  token_prefix: stringAttribute({ computed: true, markdownDescription: 'Prefix of the token.', planModifiers: [useStateForUnknown()] }),
};

export const tokenSchema = defineSchema({
  markdownDescription: tokenResourceDescription,
  attributes: {
    id: stringAttribute({
      computed: true,
      markdownDescription: 'Compound identifier of the application user token.',
      planModifiers: [useStateForUnknown()],
    }),
    organization_id: stringAttribute({
      required: true,
      markdownDescription: 'The ID of the organization the application user belongs to.',
      validators: [nonEmptyIdValidator('organization_id')],
      planModifiers: [requiresReplace()],
    }),
    user_id: stringAttribute({
      required: true,
      markdownDescription: 'The ID of the application user the token is created for.',
      validators: [nonEmptyIdValidator('user_id')],
      planModifiers: [requiresReplace()],
    }),
    description: stringAttribute({
      optional: true,
      computed: true,
      markdownDescription: 'Description of the token.',
      validators: [descriptionValidator],
      planModifiers: [useStateForUnknown(), requiresReplace()],
    }),
    extend_when_used: boolAttribute({
      optional: true,
      computed: true,
      markdownDescription: 'Extends the token session duration when the token is used. Only applicable if a value is set for `max_age_seconds`.',
      planModifiers: [useStateForUnknown(), requiresReplace()],
    }),
    max_age_seconds: numberAttribute({
      optional: true,
      computed: true,
      // The reference page says "hours" (a known upstream doc error): the API and this attribute count seconds.
      markdownDescription: `${maxAgeSecondsDescription} Not set: the server's default session duration applies (10 hours unless the server is configured otherwise) and \`max_age_seconds\` stays null.`,
      validators: [maxAgeSecondsValidator],
      planModifiers: [useStateForUnknown(), requiresReplace()],
    }),
    scopes: setAttribute({
      elementType: 'string',
      optional: true,
      markdownDescription: scopesDescription,
      validators: [scopesValidator],
      planModifiers: [requiresReplace<string[]>()],
    }),
    ip_allowlist: setAttribute({
      elementType: 'string',
      optional: true,
      markdownDescription: ipAllowlistDescription,
      validators: [ipAllowlistValidator],
      planModifiers: [requiresReplace<string[]>()],
    }),
    ...tokenReadOnlyAttributes,
  },
  blocks: { timeouts: timeoutsBlock() },
});
