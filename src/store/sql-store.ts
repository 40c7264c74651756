// The one Store implementation: Kysely queries that run unchanged on SQLite and PostgreSQL.
import type { Kysely, Selectable } from 'kysely';
import type { Database, TokensTable, ApplicationUsersTable, OrganizationsTable } from './schema.js';
import type { ApplicationUser, Organization, TokenRecord, TokenUse, TokenWithOwner, TokenKind } from './records.js';
import type { NewToken, Store } from './store.js';
import type { CacheInvalidation } from './cache-invalidation.js';
import { migrate } from './migration-runner.js';

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const listOrNull = (v: string | null): string[] | null => (v === null ? null : (JSON.parse(v) as string[]));

function toOrganization(row: Selectable<OrganizationsTable>): Organization {
  return {
    organizationId: row.organization_id,
    accountId: row.account_id,
    name: row.name,
    tier: row.tier,
    createTime: num(row.create_time),
    updateTime: num(row.update_time),
  };
}

function toUser(row: Selectable<ApplicationUsersTable>): ApplicationUser {
  return {
    userId: row.user_id,
    organizationId: row.organization_id,
    name: row.name,
    userEmail: row.user_email,
    isSuperAdmin: num(row.is_super_admin) === 1,
    createTime: num(row.create_time),
  };
}

function toToken(row: Omit<Selectable<TokensTable>, 'token_digest' | IdempotencyColumns>): TokenRecord {
  return {
    tokenPrefix: row.token_prefix,
    kind: row.kind as TokenKind,
    userId: row.user_id,
    organizationId: row.organization_id,
    description: row.description,
    createTime: num(row.create_time),
    createdManually: num(row.created_manually) === 1,
    maxAgeSeconds: num(row.max_age_seconds),
    requestedMaxAgeSeconds: numOrNull(row.requested_max_age_seconds),
    extendWhenUsed: num(row.extend_when_used) === 1,
    expiryTime: numOrNull(row.expiry_time),
    lastUsedTime: numOrNull(row.last_used_time),
    lastIp: row.last_ip,
    lastUserAgent: row.last_user_agent,
    lastUserAgentHumanReadable: row.last_user_agent_human_readable,
    scopes: listOrNull(row.scopes),
    ipAllowlist: listOrNull(row.ip_allowlist),
    createdBy: row.created_by,
    createdByTokenPrefix: row.created_by_token_prefix,
  };
}

type IdempotencyColumns = 'idempotency_key' | 'idempotency_key_expiry';

const TOKEN_COLUMNS = [
  'token_prefix', 'kind', 'user_id', 'organization_id', 'description', 'create_time', 'created_manually',
  'max_age_seconds', 'requested_max_age_seconds', 'extend_when_used', 'expiry_time', 'last_used_time', 'last_ip',
  'last_user_agent', 'last_user_agent_human_readable', 'scopes', 'ip_allowlist', 'created_by', 'created_by_token_prefix',
] as const;

export class SqlStore implements Store {
  /**
   * Cross-node cache invalidation that comes with the database (PostgreSQL's LISTEN/NOTIFY); absent
   * where the database serves one node (SQLite), and the server then invalidates in process.
   */
  declare readonly invalidation?: CacheInvalidation;

  constructor(
    /** Exposed for benchmarks and dialect-specific setup; application code goes through the methods. */
    readonly db: Kysely<Database>,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {}

  async migrate(): Promise<void> {
    await migrate(this.db);
  }

  async ping(): Promise<void> {
    await this.db.selectFrom('tessera_schema_version').select('version').limit(1).execute();
  }

  async close(): Promise<void> {
    await this.db.destroy();
    await this.onClose();
  }

  async createOrganization(org: Organization): Promise<void> {
    await this.db
      .insertInto('organizations')
      .values({
        organization_id: org.organizationId,
        account_id: org.accountId,
        name: org.name,
        tier: org.tier,
        create_time: org.createTime,
        update_time: org.updateTime,
      })
      .execute();
  }

  async listOrganizations(): Promise<Organization[]> {
    const rows = await this.db.selectFrom('organizations').selectAll().orderBy('create_time').orderBy('organization_id').execute();
    return rows.map(toOrganization);
  }

  async getOrganization(organizationId: string): Promise<Organization | undefined> {
    const row = await this.db.selectFrom('organizations').selectAll().where('organization_id', '=', organizationId).executeTakeFirst();
    return row && toOrganization(row);
  }

  async getOrganizationByAccountId(accountId: string): Promise<Organization | undefined> {
    const row = await this.db.selectFrom('organizations').selectAll().where('account_id', '=', accountId).executeTakeFirst();
    return row && toOrganization(row);
  }

  async updateOrganization(
    organizationId: string,
    changes: { name?: string; tier?: string; updateTime: number },
  ): Promise<Organization | undefined> {
    await this.db
      .updateTable('organizations')
      .set({
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.tier !== undefined ? { tier: changes.tier } : {}),
        update_time: changes.updateTime,
      })
      .where('organization_id', '=', organizationId)
      .execute();
    return this.getOrganization(organizationId);
  }

  async deleteOrganization(organizationId: string): Promise<string[] | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const prefixes = await trx.selectFrom('tokens').select('token_prefix').where('organization_id', '=', organizationId).execute();
      await trx.deleteFrom('tokens').where('organization_id', '=', organizationId).execute();
      await trx.deleteFrom('application_users').where('organization_id', '=', organizationId).execute();
      const result = await trx.deleteFrom('organizations').where('organization_id', '=', organizationId).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) return undefined;
      return prefixes.map((p) => p.token_prefix);
    });
  }

  async createUser(user: ApplicationUser): Promise<void> {
    await this.db
      .insertInto('application_users')
      .values({
        user_id: user.userId,
        organization_id: user.organizationId,
        name: user.name,
        user_email: user.userEmail,
        is_super_admin: user.isSuperAdmin ? 1 : 0,
        create_time: user.createTime,
      })
      .execute();
  }

  async listUsers(organizationId: string): Promise<ApplicationUser[]> {
    const rows = await this.db
      .selectFrom('application_users')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .orderBy('create_time')
      .orderBy('user_id')
      .execute();
    return rows.map(toUser);
  }

  async getUser(organizationId: string, userId: string): Promise<ApplicationUser | undefined> {
    const row = await this.db
      .selectFrom('application_users')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row && toUser(row);
  }

  async updateUser(
    organizationId: string,
    userId: string,
    changes: { name?: string; isSuperAdmin?: boolean },
  ): Promise<ApplicationUser | undefined> {
    const set = {
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.isSuperAdmin !== undefined ? { is_super_admin: changes.isSuperAdmin ? 1 : 0 } : {}),
    };
    if (Object.keys(set).length > 0) {
      await this.db
        .updateTable('application_users')
        .set(set)
        .where('organization_id', '=', organizationId)
        .where('user_id', '=', userId)
        .execute();
    }
    return this.getUser(organizationId, userId);
  }

  async deleteUser(organizationId: string, userId: string): Promise<string[] | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const user = await trx
        .selectFrom('application_users')
        .select('user_id')
        .where('organization_id', '=', organizationId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (!user) return undefined;
      const prefixes = await trx.selectFrom('tokens').select('token_prefix').where('user_id', '=', userId).execute();
      await trx.deleteFrom('tokens').where('user_id', '=', userId).execute();
      await trx.deleteFrom('application_users').where('user_id', '=', userId).execute();
      return prefixes.map((p) => p.token_prefix);
    });
  }

  async createToken({ token, digest, idempotencyKey }: NewToken): Promise<boolean> {
    if (idempotencyKey && token.userId !== null) {
      // An expired key no longer names its token: free it for this create.
      await this.db
        .updateTable('tokens')
        .set({ idempotency_key: null, idempotency_key_expiry: null })
        .where('user_id', '=', token.userId)
        .where('idempotency_key', '=', idempotencyKey.key)
        .where('idempotency_key_expiry', '<=', token.createTime)
        .execute();
    }
    const taken = await this.db
      .selectFrom('tokens')
      .select('token_prefix')
      .where((eb) => eb.or([eb('token_prefix', '=', token.tokenPrefix), eb('token_digest', '=', digest)]))
      .executeTakeFirst();
    if (taken) return false;
    const row = {
      ...tokenRow(token, digest),
      idempotency_key: idempotencyKey?.key ?? null,
      idempotency_key_expiry: idempotencyKey?.expiresAt ?? null,
    };
    try {
      await this.db.insertInto('tokens').values(row).execute();
      return true;
    } catch (error) {
      // a concurrent insert of the same prefix (another node): let the caller pick a new token
      if (await this.db.selectFrom('tokens').select('token_prefix').where('token_prefix', '=', token.tokenPrefix).executeTakeFirst()) {
        return false;
      }
      // a concurrent create with the same idempotency key won: the caller answers with that token
      if (idempotencyKey && token.userId !== null && (await this.findTokenByIdempotencyKey(token.userId, idempotencyKey.key, token.createTime))) {
        return false;
      }
      throw error;
    }
  }

  async findTokenByIdempotencyKey(userId: string, key: string, now: number): Promise<TokenRecord | undefined> {
    const row = await this.db
      .selectFrom('tokens')
      .select(TOKEN_COLUMNS)
      .where('user_id', '=', userId)
      .where('idempotency_key', '=', key)
      .where('idempotency_key_expiry', '>', now)
      .executeTakeFirst();
    return row ? toToken(row) : undefined;
  }

  async listTokens(userId: string): Promise<TokenRecord[]> {
    const rows = await this.db
      .selectFrom('tokens')
      .select(TOKEN_COLUMNS)
      .where('user_id', '=', userId)
      .orderBy('create_time')
      .orderBy('token_prefix')
      .execute();
    return rows.map(toToken);
  }

  async findTokenByDigest(digest: string): Promise<TokenWithOwner | undefined> {
    const row = await this.db
      .selectFrom('tokens')
      .leftJoin('application_users', 'application_users.user_id', 'tokens.user_id')
      .select(TOKEN_COLUMNS.map((c) => `tokens.${c}` as const))
      .select([
        'application_users.name as user_name',
        'application_users.user_email as user_email',
        'application_users.is_super_admin as user_is_super_admin',
        'application_users.create_time as user_create_time',
        'application_users.organization_id as user_organization_id',
      ])
      .where('tokens.token_digest', '=', digest)
      .executeTakeFirst();
    if (!row) return undefined;
    const token = toToken(row);
    const user =
      token.userId !== null && row.user_organization_id !== null
        ? {
            userId: token.userId,
            organizationId: row.user_organization_id,
            name: row.user_name ?? '',
            userEmail: row.user_email ?? '',
            isSuperAdmin: num(row.user_is_super_admin) === 1,
            createTime: num(row.user_create_time),
          }
        : null;
    return { token, user };
  }

  async hasInstanceAdmin(): Promise<boolean> {
    const row = await this.db.selectFrom('tokens').select('token_prefix').where('kind', '=', 'instance_admin').limit(1).executeTakeFirst();
    return row !== undefined;
  }

  async deleteInstanceAdminTokensExcept(tokenPrefix: string): Promise<string[]> {
    return this.db.transaction().execute(async (trx) => {
      const others = await trx
        .selectFrom('tokens')
        .select('token_prefix')
        .where('kind', '=', 'instance_admin')
        .where('token_prefix', '!=', tokenPrefix)
        .execute();
      if (others.length > 0) {
        await trx.deleteFrom('tokens').where('kind', '=', 'instance_admin').where('token_prefix', '!=', tokenPrefix).execute();
      }
      return others.map((o) => o.token_prefix);
    });
  }

  async deleteToken(userId: string, tokenPrefix: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('tokens')
      .where('user_id', '=', userId)
      .where('token_prefix', '=', tokenPrefix)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async recordUses(uses: readonly TokenUse[]): Promise<number> {
    if (uses.length === 0) return 0;
    return this.db.transaction().execute(async (trx) => {
      let changed = 0;
      for (const use of uses) {
        const result = await trx
          .updateTable('tokens')
          .set({
            last_used_time: use.usedAt,
            last_ip: use.ip,
            last_user_agent: use.userAgent,
            last_user_agent_human_readable: use.userAgentHumanReadable,
            ...(use.expiryTime !== undefined ? { expiry_time: use.expiryTime } : {}),
          })
          .where('token_prefix', '=', use.tokenPrefix)
          .where((eb) => eb.or([eb('last_used_time', 'is', null), eb('last_used_time', '<', use.usedAt)]))
          .executeTakeFirst();
        changed += Number(result.numUpdatedRows);
      }
      return changed;
    });
  }
}

/** A token's row; the idempotency columns are set only by createToken. */
export function tokenRow(token: TokenRecord, digest: string): Omit<Selectable<TokensTable>, IdempotencyColumns> {
  return {
    token_prefix: token.tokenPrefix,
    token_digest: digest,
    kind: token.kind,
    user_id: token.userId,
    organization_id: token.organizationId,
    description: token.description,
    create_time: token.createTime,
    created_manually: token.createdManually ? 1 : 0,
    max_age_seconds: token.maxAgeSeconds,
    requested_max_age_seconds: token.requestedMaxAgeSeconds,
    extend_when_used: token.extendWhenUsed ? 1 : 0,
    expiry_time: token.expiryTime,
    last_used_time: token.lastUsedTime,
    last_ip: token.lastIp,
    last_user_agent: token.lastUserAgent,
    last_user_agent_human_readable: token.lastUserAgentHumanReadable,
    scopes: token.scopes === null ? null : JSON.stringify(token.scopes),
    ip_allowlist: token.ipAllowlist === null ? null : JSON.stringify(token.ipAllowlist),
    created_by: token.createdBy ?? null,
    created_by_token_prefix: token.createdByTokenPrefix ?? null,
  };
}
