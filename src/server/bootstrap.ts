// The instance admin. First start on an empty database: create an admin token and hand it back to be
// shown once. With TESSERA_BOOTSTRAP_TOKEN: that value (a well-formed Tessera token, as
// `tessera token generate` prints) is the admin token, and the only one: any other instance admin token
// (a generated one, or an earlier TESSERA_BOOTSTRAP_TOKEN) is deleted, which is how the admin token is
// rotated. Only digests are stored.
import { checkToken, tokenPrefixOf, TOKEN_LENGTH } from '../domain/token-format.js';
import { PREFIX_TAKEN, withFreshToken } from './operations/issue-token.js';
import { tokenDigest } from '../domain/token-digest.js';
import type { Clock } from '../domain/clock.js';
import type { Store } from '../store/store.js';
import type { CacheInvalidation } from '../store/cache-invalidation.js';
import type { TokenRecord } from '../store/records.js';
import { ADMIN_ACTOR } from '../domain/audit-actions.js';

export class BootstrapTokenError extends Error {}

function adminToken(fullToken: string, now: number, description: string): TokenRecord {
  return {
    tokenPrefix: tokenPrefixOf(fullToken),
    kind: 'instance_admin',
    userId: null,
    organizationId: null,
    description,
    createTime: now,
    createdManually: false,
    maxAgeSeconds: 0,
    requestedMaxAgeSeconds: 0,
    extendWhenUsed: false,
    expiryTime: null,
    lastUsedTime: null,
    lastIp: null,
    lastUserAgent: null,
    lastUserAgentHumanReadable: null,
    scopes: null,
    ipAllowlist: null,
    rotatedTo: null,
  };
}

/** Returns the new admin token when one was generated (to be shown once), otherwise undefined. */
export async function ensureInstanceAdmin(
  store: Store,
  clock: Clock,
  bootstrapToken: string | undefined,
  /** Told about replaced admin tokens, so other nodes drop them from their caches at once. */
  invalidation?: CacheInvalidation,
): Promise<string | undefined> {
  if (bootstrapToken !== undefined && bootstrapToken !== '') {
    const check = checkToken(bootstrapToken);
    if (!check.ok) {
      throw new BootstrapTokenError(
        `TESSERA_BOOTSTRAP_TOKEN is not a Tessera token (${check.reason === 'bad_checksum' ? 'its checksum does not match' : `expected 'tsr_' followed by ${TOKEN_LENGTH - 4} base62 characters`}); ` +
          `generate one with: tessera token generate`,
      );
    }
    const digest = tokenDigest(bootstrapToken);
    const existing = await store.findTokenByDigest(digest);
    if (existing && existing.token.kind !== 'instance_admin') {
      throw new BootstrapTokenError('TESSERA_BOOTSTRAP_TOKEN is already an application user token; generate a new one');
    }
    if (!existing) {
      const created = await store.createToken({ token: adminToken(bootstrapToken, clock.now(), 'instance admin (TESSERA_BOOTSTRAP_TOKEN)'), digest });
      // another node with the same TESSERA_BOOTSTRAP_TOKEN may have inserted it a moment ago
      if (!created && (await store.findTokenByDigest(digest))?.token.kind !== 'instance_admin') {
        throw new BootstrapTokenError('TESSERA_BOOTSTRAP_TOKEN collides with an existing token prefix; generate a new one');
      }
    }
    const prefix = tokenPrefixOf(bootstrapToken);
    const replaced = await store.deleteInstanceAdminTokensExcept(prefix, (previous) => ({
      time: clock.now(),
      organizationId: null,
      actor: ADMIN_ACTOR,
      actorTokenPrefix: prefix,
      action: 'admin_token.rotated',
      target: prefix,
      ip: null,
      userAgent: null,
      details: { replaced: previous, source: 'TESSERA_BOOTSTRAP_TOKEN' },
    }));
    if (replaced.length > 0) await invalidation?.publish(replaced);
    return undefined;
  }
  if (await store.hasInstanceAdmin()) return undefined;
  return withFreshToken(async ({ fullToken, digest }) =>
    (await store.createToken({ token: adminToken(fullToken, clock.now(), 'instance admin (generated on first start)'), digest })) ? fullToken : PREFIX_TAKEN,
  );
}
