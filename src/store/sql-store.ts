// The one Store implementation: Kysely queries that run unchanged on SQLite and PostgreSQL.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, TokensTable, ApplicationUsersTable, OrganizationsTable } from './schema.js';
import type {
  ApplicationUser, AuditEvent, EventQuery, NewAuditEvent, Organization, TokenRecord, TokenSighting, TokenUse, TokenWithOwner, TokenKind,
} from './records.js';
import type { NewToken, RotationResult, Store } from './store.js';
import type { CacheInvalidation } from './cache-invalidation.js';
import { migrate } from './migration-runner.js';
import { appendEvents, listEvents, newestEventIdQuery, pruneEvents, type EventOrderLock, type NewestEventIdQuery } from './event-log.js';

/** Collects the events a transaction records; they are appended last, just before it commits. */
type RecordEvent = (event: NewAuditEvent | undefined, dedupKey?: string) => void;

/** Thrown inside a transaction to roll it back with an answer for the caller. */
class Rollback<T> {
  constructor(readonly value: T) {}
}

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
    rotatedTo: row.rotated_to,
  };
}

type IdempotencyColumns = 'idempotency_key' | 'idempotency_key_expiry';

const TOKEN_COLUMNS = [
  'token_prefix', 'kind', 'user_id', 'organization_id', 'description', 'create_time', 'created_manually',
  'max_age_seconds', 'requested_max_age_seconds', 'extend_when_used', 'expiry_time', 'last_used_time', 'last_ip',
  'last_user_agent', 'last_user_agent_human_readable', 'scopes', 'ip_allowlist', 'created_by', 'created_by_token_prefix', 'rotated_to',
] as const;

export class SqlStore implements Store {
  /**
   * Cross-node cache invalidation that comes with the database (PostgreSQL's LISTEN/NOTIFY); absent
   * where the database serves one node (SQLite), and the server then invalidates in process.
   */
  declare readonly invalidation?: CacheInvalidation;
  /** Orders event ids by commit across writers; PostgreSQL overrides it (SQLite has one writer). */
  protected eventOrderLock: EventOrderLock = async () => undefined;
  private readonly eventListeners: Array<(events: readonly AuditEvent[]) => void> = [];
  private readonly newestEventId: NewestEventIdQuery;

  constructor(
    /** Exposed for benchmarks and dialect-specific setup; application code goes through the methods. */
    readonly db: Kysely<Database>,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {
    this.newestEventId = newestEventIdQuery(db);
  }

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

  onEvents(listener: (events: readonly AuditEvent[]) => void): void {
    this.eventListeners.push(listener);
  }

  /** Runs `work` in a transaction that also appends the events it records; tells listeners after commit. */
  protected async changing<T>(work: (trx: Transaction<Database>, record: RecordEvent) => Promise<T>): Promise<T> {
    let written: AuditEvent[] = [];
    let result: T;
    try {
      result = await this.db.transaction().execute(async (trx) => {
        const pending: Array<{ event: NewAuditEvent; dedupKey?: string }> = [];
        const value = await work(trx, (event, dedupKey) => {
          if (event) pending.push({ event, dedupKey });
        });
        written = await appendEvents(trx, this.eventOrderLock, this.newestEventId, pending);
        return value;
      });
    } catch (error) {
      if (error instanceof Rollback) return error.value as T;
      throw error;
    }
    if (written.length > 0) for (const listener of this.eventListeners) listener(written);
    return result;
  }

  async listEvents(query: EventQuery): Promise<AuditEvent[]> {
    return listEvents(this.db, query);
  }

  async pruneEvents(time: number, batchSize: number): Promise<number> {
    return pruneEvents(this.db, time, batchSize);
  }

  async createOrganization(org: Organization, event?: NewAuditEvent): Promise<void> {
    await this.changing(async (trx, record) => {
      await this.insertOrganization(trx, org);
      record(event);
    });
  }

  private async insertOrganization(trx: Transaction<Database>, org: Organization): Promise<void> {
    await trx
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
    event?: NewAuditEvent,
  ): Promise<Organization | undefined> {
    return this.changing(async (trx, record) => {
      const result = await trx
        .updateTable('organizations')
        .set({
          ...(changes.name !== undefined ? { name: changes.name } : {}),
          ...(changes.tier !== undefined ? { tier: changes.tier } : {}),
          update_time: changes.updateTime,
        })
        .where('organization_id', '=', organizationId)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return undefined;
      record(event);
      const row = await trx.selectFrom('organizations').selectAll().where('organization_id', '=', organizationId).executeTakeFirst();
      return row && toOrganization(row);
    });
  }

  async deleteOrganization(organizationId: string, event?: NewAuditEvent): Promise<string[] | undefined> {
    return this.changing(async (trx, record) => {
      const prefixes = await trx.selectFrom('tokens').select('token_prefix').where('organization_id', '=', organizationId).execute();
      await trx.deleteFrom('tokens').where('organization_id', '=', organizationId).execute();
      await trx.deleteFrom('application_users').where('organization_id', '=', organizationId).execute();
      const result = await trx.deleteFrom('organizations').where('organization_id', '=', organizationId).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) return undefined;
      record(event);
      return prefixes.map((p) => p.token_prefix);
    });
  }

  async createUser(user: ApplicationUser, event?: NewAuditEvent): Promise<void> {
    await this.changing(async (trx, record) => {
      await this.insertUser(trx, user);
      record(event);
    });
  }

  private async insertUser(trx: Transaction<Database>, user: ApplicationUser): Promise<void> {
    await trx
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
    event?: NewAuditEvent,
  ): Promise<ApplicationUser | undefined> {
    const set = {
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.isSuperAdmin !== undefined ? { is_super_admin: changes.isSuperAdmin ? 1 : 0 } : {}),
    };
    if (Object.keys(set).length === 0) return this.getUser(organizationId, userId);
    return this.changing(async (trx, record) => {
      const result = await trx
        .updateTable('application_users')
        .set(set)
        .where('organization_id', '=', organizationId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return undefined;
      record(event);
      const row = await trx
        .selectFrom('application_users')
        .selectAll()
        .where('organization_id', '=', organizationId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row && toUser(row);
    });
  }

  async deleteUser(organizationId: string, userId: string, event?: NewAuditEvent): Promise<string[] | undefined> {
    return this.changing(async (trx, record) => {
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
      record(event);
      return prefixes.map((p) => p.token_prefix);
    });
  }

  async createToken({ token, digest, idempotencyKey }: NewToken, event?: NewAuditEvent): Promise<boolean> {
    try {
      return await this.changing(async (trx, record) => {
        if (idempotencyKey && token.userId !== null) {
          // An expired key no longer names its token: free it for this create.
          await trx
            .updateTable('tokens')
            .set({ idempotency_key: null, idempotency_key_expiry: null })
            .where('user_id', '=', token.userId)
            .where('idempotency_key', '=', idempotencyKey.key)
            .where('idempotency_key_expiry', '<=', token.createTime)
            .execute();
        }
        if (!(await this.insertToken(trx, token, digest, idempotencyKey))) return false;
        record(event);
        return true;
      });
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

  /** Inserts unless the prefix or digest is taken (then false). */
  private async insertToken(
    trx: Transaction<Database>,
    token: TokenRecord,
    digest: string,
    idempotencyKey?: NewToken['idempotencyKey'],
  ): Promise<boolean> {
    const taken = await trx
      .selectFrom('tokens')
      .select('token_prefix')
      .where((eb) => eb.or([eb('token_prefix', '=', token.tokenPrefix), eb('token_digest', '=', digest)]))
      .executeTakeFirst();
    if (taken) return false;
    await trx
      .insertInto('tokens')
      .values({ ...tokenRow(token, digest), idempotency_key: idempotencyKey?.key ?? null, idempotency_key_expiry: idempotencyKey?.expiresAt ?? null })
      .execute();
    return true;
  }

  async rotateToken(
    userId: string,
    tokenPrefix: string,
    successor: NewToken,
    graceEndTime: number,
    now: number,
    event: NewAuditEvent,
  ): Promise<RotationResult> {
    return this.changing<RotationResult>(async (trx, record) => {
      const row = await trx.selectFrom('tokens').select(TOKEN_COLUMNS).where('user_id', '=', userId).where('token_prefix', '=', tokenPrefix).executeTakeFirst();
      if (!row) return { outcome: 'not_found' };
      const old = toToken(row);
      if (old.expiryTime !== null && old.expiryTime <= now) return { outcome: 'not_found' };
      if (old.rotatedTo) return { outcome: 'already_rotated', rotatedTo: old.rotatedTo };
      if (!(await this.insertToken(trx, successor.token, successor.digest))) return { outcome: 'prefix_taken' };
      const expiryTime = old.expiryTime === null ? graceEndTime : Math.min(old.expiryTime, graceEndTime);
      // conditional: of two rotations racing (two nodes), the second finds rotated_to set and rolls back
      const result = await trx
        .updateTable('tokens')
        .set({ rotated_to: successor.token.tokenPrefix, expiry_time: expiryTime })
        .where('token_prefix', '=', tokenPrefix)
        .where('rotated_to', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) {
        const current = await trx.selectFrom('tokens').select('rotated_to').where('token_prefix', '=', tokenPrefix).executeTakeFirst();
        throw new Rollback<RotationResult>(current?.rotated_to ? { outcome: 'already_rotated', rotatedTo: current.rotated_to } : { outcome: 'not_found' });
      }
      record(event);
      return { outcome: 'rotated', old: { ...old, rotatedTo: successor.token.tokenPrefix, expiryTime } };
    });
  }

  async revokeTokenByDigest(digest: string, event: (token: TokenRecord) => NewAuditEvent): Promise<TokenRecord | undefined> {
    return this.changing(async (trx, record) => {
      const row = await trx.selectFrom('tokens').select(TOKEN_COLUMNS).where('token_digest', '=', digest).executeTakeFirst();
      if (!row) return undefined;
      const result = await trx.deleteFrom('tokens').where('token_digest', '=', digest).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) return undefined;
      const token = toToken(row);
      record(event(token));
      return token;
    });
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

  async deleteInstanceAdminTokensExcept(tokenPrefix: string, event?: (replaced: string[]) => NewAuditEvent): Promise<string[]> {
    return this.changing(async (trx, record) => {
      const others = await trx
        .selectFrom('tokens')
        .select('token_prefix')
        .where('kind', '=', 'instance_admin')
        .where('token_prefix', '!=', tokenPrefix)
        .execute();
      if (others.length > 0) {
        await trx.deleteFrom('tokens').where('kind', '=', 'instance_admin').where('token_prefix', '!=', tokenPrefix).execute();
        record(event?.(others.map((o) => o.token_prefix)));
      }
      return others.map((o) => o.token_prefix);
    });
  }

  async deleteToken(userId: string, tokenPrefix: string, event?: NewAuditEvent): Promise<boolean> {
    return this.changing(async (trx, record) => {
      const result = await trx.deleteFrom('tokens').where('user_id', '=', userId).where('token_prefix', '=', tokenPrefix).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) return false;
      record(event);
      return true;
    });
  }

  async recordUses(uses: readonly TokenUse[], sightings: readonly TokenSighting[] = []): Promise<number> {
    if (uses.length === 0 && sightings.length === 0) return 0;
    return this.changing(async (trx, record) => {
      let changed = 0;
      for (const use of uses) {
        const result = await trx
          .updateTable('tokens')
          .set((eb) => ({
            last_used_time: use.usedAt,
            last_ip: use.ip,
            last_user_agent: use.userAgent,
            last_user_agent_human_readable: use.userAgentHumanReadable,
            // a rotated token's expiry is the end of its grace period: a use never extends it
            ...(use.expiryTime !== undefined
              ? { expiry_time: eb.case().when('rotated_to', 'is', null).then(use.expiryTime).else(eb.ref('expiry_time')).end() }
              : {}),
          }))
          .where('token_prefix', '=', use.tokenPrefix)
          .where((eb) => eb.or([eb('last_used_time', 'is', null), eb('last_used_time', '<', use.usedAt)]))
          .executeTakeFirst();
        changed += Number(result.numUpdatedRows);
      }
      // first sightings of an address or client: an event each, once per token and value (dedup_key)
      for (const sighting of sightings) record(sighting.event, sighting.dedupKey);
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
    rotated_to: token.rotatedTo ?? null,
  };
}
