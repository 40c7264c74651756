/**
 * The schema of the ephemeral aiven_organization_application_user_token: the settable attributes of
 * the resource (no timeouts, nothing forces replacement: an ephemeral token lives for one run) and
 * what the server reports, `full_token` included. Terraform never writes any of it to state or plan.
 */
import { MIN_MAX_AGE_SECONDS } from '../../../domain/token-limits.js';
import { boolAttribute, numberAttribute, setAttribute, stringAttribute } from '../../../terraform/framework/schema/attributes.js';
import { defineSchema } from '../../../terraform/framework/schema/schema.js';
import {
  descriptionValidator,
  ipAllowlistValidator,
  maxAgeSecondsValidator,
  nonEmptyIdValidator,
  scopesValidator,
} from '../../limit-validators.js';
import {
  ipAllowlistDescription,
  maxAgeSecondsDescription,
  scopesDescription,
} from '../../resources/organization-application-user-token/token-schema.js';

/** An ephemeral token lives for one run: unset max_age_seconds means the server's minimum, not its default. */
export const EPHEMERAL_DEFAULT_MAX_AGE_SECONDS = MIN_MAX_AGE_SECONDS;

export const ephemeralTokenSchema = defineSchema({
  markdownDescription:
    'Creates a short-lived application user token for the duration of a Terraform run. The token is never stored in the state or plan, and it is revoked when Terraform no longer needs it. Requires Terraform 1.10 or later.',
  attributes: {
    organization_id: stringAttribute({
      required: true,
      markdownDescription: 'The ID of the organization the application user belongs to.',
      validators: [nonEmptyIdValidator('organization_id')],
    }),
    user_id: stringAttribute({
      required: true,
      markdownDescription: 'The ID of the application user the token is created for.',
      validators: [nonEmptyIdValidator('user_id')],
    }),
    description: stringAttribute({ optional: true, markdownDescription: 'Description of the token.', validators: [descriptionValidator] }),
    extend_when_used: boolAttribute({
      optional: true,
      markdownDescription: 'Extends the token session duration when the token is used. Only applicable if a value is set for `max_age_seconds`.',
    }),
    max_age_seconds: numberAttribute({
      optional: true,
      markdownDescription: `${maxAgeSecondsDescription} Not set: ${EPHEMERAL_DEFAULT_MAX_AGE_SECONDS} seconds (the shortest lifetime the API allows), because the token is only needed for one run; the provider also revokes it when the run ends, even when the run fails or is interrupted.`,
      validators: [maxAgeSecondsValidator],
    }),
    scopes: setAttribute({ elementType: 'string', optional: true, markdownDescription: scopesDescription, validators: [scopesValidator] }),
    ip_allowlist: setAttribute({
      elementType: 'string',
      optional: true,
      markdownDescription: ipAllowlistDescription,
      validators: [ipAllowlistValidator],
    }),
    full_token: stringAttribute({ computed: true, sensitive: true, markdownDescription: 'Full token.' }),
    token_prefix: stringAttribute({ computed: true, markdownDescription: 'Prefix of the token.' }),
    create_time: stringAttribute({ computed: true, markdownDescription: 'Time when the token was created.' }),
    expiry_time: stringAttribute({ computed: true, markdownDescription: 'Timestamp when the access token will expire unless extended.' }),
  },
});
