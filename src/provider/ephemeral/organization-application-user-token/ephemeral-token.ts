/**
 * Ephemeral aiven_organization_application_user_token: open creates a token (its secret goes to the
 * result only, which terraform keeps in memory), close revokes it. The private data terraform keeps
 * between the two holds the ids close needs, never the secret. A token terraform never closes (the
 * run failed or was interrupted) is revoked when the provider is stopped or shut down
 * (open-ephemeral-tokens.ts); without max_age_seconds it lives the shortest time the API allows.
 */
import { isNotFoundError, type AivenClient } from '../../../client/index.js';
import { defineEphemeralResource } from '../../../terraform/framework/ephemeral/ephemeral-resource.js';
import { createdTokenAsListed, createRequestFrom } from '../../resources/organization-application-user-token/token-operations.js';
import { createTokenWithoutOrphans, TokenCreateLostError } from '../../resources/organization-application-user-token/create-without-orphans.js';
import { formatDuration } from '../../../terraform/framework/timeouts/go-duration.js';
import { TOKEN_TYPE_NAME } from '../../resources/organization-application-user-token/token-schema.js';
import { tokenListingsFor } from '../../resources/organization-application-user-token/token-listings.js';
import { EPHEMERAL_DEFAULT_MAX_AGE_SECONDS, ephemeralTokenSchema } from './ephemeral-token-schema.js';
import { forgetClosed, rememberOpened } from './open-ephemeral-tokens.js';

/** What close needs to revoke the token: its public identifiers only. */
export interface EphemeralTokenPrivate {
  organization_id: string;
  user_id: string;
  token_prefix: string;
}

export const ephemeralOrganizationApplicationUserToken = defineEphemeralResource({
  typeName: TOKEN_TYPE_NAME,
  schema: ephemeralTokenSchema,

  async open(req) {
    const client = req.providerData as AivenClient;
    const { organization_id: organizationId, user_id: userId } = req.config;
    const body = createRequestFrom({
      description: req.config.description ?? 'Ephemeral token opened by Terraform.',
      max_age_seconds: req.config.max_age_seconds ?? EPHEMERAL_DEFAULT_MAX_AGE_SECONDS,
      extend_when_used: req.config.extend_when_used,
      scopes: req.config.scopes,
      ip_allowlist: req.config.ip_allowlist,
    });
    // A token whose creation answer is lost would never be closed: the same guard as the resource's.
    let created;
    try {
      created = await createTokenWithoutOrphans(client, tokenListingsFor(client), organizationId!, userId!, body, {
        deadline: req.requestOptions.deadline,
        signal: req.requestOptions.signal,
        timeoutLabel: formatDuration(req.timeoutMs),
      });
    } catch (err) {
      if (!(err instanceof TokenCreateLostError)) throw err;
      req.diagnostics.addError(`${err.timedOut ? 'Timeout while' : 'Error'} opening ${TOKEN_TYPE_NAME}`, err.message);
      return undefined;
    }
    const priv: EphemeralTokenPrivate = { organization_id: organizationId!, user_id: userId!, token_prefix: created.token_prefix };
    rememberOpened({ client, ...priv });
    // The details are a nicety (undefined when they cannot be had); the token itself is what the run needs.
    const listed = await createdTokenAsListed(client, organizationId!, userId!, created, req.requestOptions);
    return {
      result: {
        full_token: created.full_token,
        token_prefix: created.token_prefix,
        create_time: listed?.create_time ?? null,
        expiry_time: listed?.expiry_time ?? null,
      },
      private: priv,
    };
  },

  async close(req) {
    if (!req.private) return;
    const client = req.providerData as AivenClient;
    const { organization_id, user_id, token_prefix } = req.private;
    try {
      await client.deleteApplicationUserToken(organization_id, user_id, token_prefix, req.requestOptions);
    } catch (err) {
      if (!isNotFoundError(err)) throw err;
    } finally {
      tokenListingsFor(client).invalidate(organization_id, user_id);
    }
    forgetClosed(token_prefix);
  },
});
