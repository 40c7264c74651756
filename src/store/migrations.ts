// Versioned migrations written with Kysely's schema builder (portable across dialects), run by Kysely's
// Migrator (migration-runner.ts). A migration is added at the end of MIGRATIONS with its pre-assigned
// version; versions may arrive out of order (a gap filled later is run then).
import type { Kysely } from 'kysely';

export interface Migration {
  version: number;
  name: string;
  up(db: Kysely<any>): Promise<void>;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'organizations, application users, tokens',
    async up(db) {
      await db.schema
        .createTable('organizations')
        .addColumn('organization_id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('tier', 'text', (c) => c.notNull())
        .addColumn('create_time', 'bigint', (c) => c.notNull())
        .addColumn('update_time', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('application_users')
        .addColumn('user_id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.organization_id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('user_email', 'text', (c) => c.notNull())
        .addColumn('is_super_admin', 'integer', (c) => c.notNull())
        .addColumn('create_time', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('application_users_by_organization').on('application_users').column('organization_id').execute();
      await db.schema
        .createTable('tokens')
        .addColumn('token_prefix', 'text', (c) => c.primaryKey())
        .addColumn('token_digest', 'text', (c) => c.notNull().unique())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.references('application_users.user_id').onDelete('cascade'))
        .addColumn('organization_id', 'text')
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('create_time', 'bigint', (c) => c.notNull())
        .addColumn('created_manually', 'integer', (c) => c.notNull())
        .addColumn('max_age_seconds', 'bigint', (c) => c.notNull())
        .addColumn('extend_when_used', 'integer', (c) => c.notNull())
        .addColumn('expiry_time', 'bigint')
        .addColumn('last_used_time', 'bigint')
        .addColumn('last_ip', 'text')
        .addColumn('last_user_agent', 'text')
        .addColumn('last_user_agent_human_readable', 'text')
        .addColumn('scopes', 'text')
        .addColumn('ip_allowlist', 'text')
        .execute();
      await db.schema.createIndex('tokens_by_user').on('tokens').column('user_id').execute();
    },
  },
  {
    // max_age_seconds as the client sent it (null = unset), beside the effective max_age_seconds that
    // expiry follows: the API echoes the former (the official provider keeps an unset attribute null).
    // Tokens created before this migration keep answering what they answered (their effective value).
    version: 2,
    name: 'tokens: requested max age',
    async up(db) {
      await db.schema.alterTable('tokens').addColumn('requested_max_age_seconds', 'bigint').execute();
      await db.updateTable('tokens').set((eb) => ({ requested_max_age_seconds: eb.ref('max_age_seconds') })).execute();
    },
  },
  {
    version: 3,
    name: 'tokens record who created them',
    async up(db) {
      // 'admin' or the creating application user's id, and the creating token's prefix; null for
      // tokens created before this version and for the bootstrap admin token.
      await db.schema.alterTable('tokens').addColumn('created_by', 'text').execute();
      await db.schema.alterTable('tokens').addColumn('created_by_token_prefix', 'text').execute();
    },
  },
  {
    version: 4,
    name: 'audit events; tokens.rotated_to',
    async up(db) {
      await db.schema.alterTable('tokens').addColumn('rotated_to', 'text').execute();
      await db.schema
        .createTable('events')
        .addColumn('event_id', 'text', (c) => c.primaryKey())
        .addColumn('time', 'bigint', (c) => c.notNull())
        .addColumn('organization_id', 'text')
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('actor_token_prefix', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target', 'text')
        .addColumn('ip', 'text')
        .addColumn('user_agent', 'text')
        .addColumn('details', 'text')
        .addColumn('dedup_key', 'text', (c) => c.unique())
        .execute();
      // No foreign key to organizations: the trail of a deleted organization outlives it.
      await db.schema.createIndex('events_by_organization').on('events').columns(['organization_id', 'event_id']).execute();
    },
  },
  {
    version: 5,
    name: 'token idempotency keys',
    async up(db) {
      // The Idempotency-Key a token was created with, for a short time: a repeated create with the same
      // key answers with that token instead of making another (the provider proves what it created).
      await db.schema.alterTable('tokens').addColumn('idempotency_key', 'text').execute();
      await db.schema.alterTable('tokens').addColumn('idempotency_key_expiry', 'bigint').execute();
      await db.schema.createIndex('tokens_by_idempotency_key').on('tokens').columns(['user_id', 'idempotency_key']).unique().execute();
    },
  },
];

// Versions are assigned ahead of time to parallel changes, so the list may have gaps and be merged out of order.
export const LATEST_SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

export class DatabaseTooNewError extends Error {
  constructor(found: number) {
    super(
      `the database is at schema version ${found}, newer than this Tessera understands (${LATEST_SCHEMA_VERSION}); ` +
        `upgrade Tessera (or point it at another database)`,
    );
  }
}

