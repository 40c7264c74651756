// The audit trail's SQL: appending events inside the transaction of the change they record, reading
// them back a page at a time, and pruning old ones in small batches.
//
// Paging must neither skip nor repeat an event while others are being written. Ids are therefore
// assigned in commit order: a writer first takes the event-order lock (a PostgreSQL transaction-level
// advisory lock; SQLite has a single writer already), reads the newest committed id, and gives its
// events ids after it. The lock is held until commit, so no event with a smaller id can appear after
// a reader has moved its cursor past it. The lock is taken last in a transaction, and the holder then
// writes only events, so it cannot deadlock with row locks held by other writers.
import { sql, type CompiledQuery, type Kysely, type Selectable, type Transaction } from 'kysely';
import { firstEventIdAt, nextEventId } from '../domain/event-id.js';
import type { AuditEvent, EventQuery, NewAuditEvent } from './records.js';
import type { Database, EventsTable } from './schema.js';

/** Takes whatever lock orders event ids by commit (nothing on SQLite). */
export type EventOrderLock = (trx: Transaction<Database>) => Promise<void>;

/** "tessera audit event order" as a 64-bit advisory lock key (the migration lock is another key). */
export const EVENT_ORDER_LOCK_KEY = 7_365_410_234_004n;

export const postgresEventOrderLock: EventOrderLock = async (trx) => {
  await sql`SELECT pg_advisory_xact_lock(${EVENT_ORDER_LOCK_KEY})`.execute(trx);
};

export function toAuditEvent(row: Selectable<EventsTable>): AuditEvent {
  return {
    eventId: row.event_id,
    time: Number(row.time),
    organizationId: row.organization_id,
    actor: row.actor,
    actorTokenPrefix: row.actor_token_prefix,
    action: row.action,
    target: row.target,
    ip: row.ip,
    userAgent: row.user_agent,
    details: row.details === null ? null : (JSON.parse(row.details) as Record<string, unknown>),
  };
}

export type NewestEventIdQuery = CompiledQuery<{ event_id: string | null }>;

/**
 * The newest event id committed. It has no parameters, so a store compiles it once: Kysely would build
 * and compile it again for every change (about 15 µs of an organization create's CPU in a profile of
 * the server, Node 20).
 */
export function newestEventIdQuery(db: Kysely<Database>): NewestEventIdQuery {
  return db.selectFrom('events').select((eb) => eb.fn.max('event_id').as('event_id')).compile();
}

/**
 * Appends events (the last thing a transaction does) in one INSERT; an event with a dedup key that is
 * already recorded is left out. Returns the events written, with their ids.
 */
export async function appendEvents(
  trx: Transaction<Database>,
  lock: EventOrderLock,
  newestEventId: NewestEventIdQuery,
  events: ReadonlyArray<{ event: NewAuditEvent; dedupKey?: string }>,
): Promise<AuditEvent[]> {
  if (events.length === 0) return [];
  await lock(trx);
  const [newest] = (await trx.executeQuery(newestEventId)).rows;
  let previous: string | undefined = newest?.event_id ?? undefined;
  const numbered = events.map(({ event, dedupKey }) => {
    previous = nextEventId(previous, event.time);
    return { eventId: previous, event, dedupKey };
  });
  // one statement for all of them; an event whose dedup key is already recorded is skipped (and its
  // id left unused: ids need to be ordered, not contiguous)
  const inserted = await trx
    .insertInto('events')
    .values(
      numbered.map(({ eventId, event, dedupKey }) => ({
        event_id: eventId,
        time: event.time,
        organization_id: event.organizationId,
        actor: event.actor,
        actor_token_prefix: event.actorTokenPrefix,
        action: event.action,
        target: event.target,
        ip: event.ip,
        user_agent: event.userAgent,
        details: event.details === null ? null : JSON.stringify(event.details),
        dedup_key: dedupKey ?? null,
      })),
    )
    .onConflict((oc) => oc.column('dedup_key').doNothing())
    .returning('event_id')
    .execute();
  const written = new Set(inserted.map((row) => row.event_id));
  return numbered.filter(({ eventId }) => written.has(eventId)).map(({ eventId, event }) => ({ eventId, ...event }));
}

/** One page of an organization's events, oldest first, strictly after the cursor. */
export async function listEvents(db: Kysely<Database>, query: EventQuery): Promise<AuditEvent[]> {
  let select = db.selectFrom('events').selectAll();
  if (query.organizationId !== undefined) select = select.where('organization_id', '=', query.organizationId);
  if (query.after !== undefined) select = select.where('event_id', '>', query.after);
  if (query.action !== undefined) select = select.where('action', '=', query.action);
  if (query.target !== undefined) select = select.where('target', '=', query.target);
  const rows = await select.orderBy('event_id').limit(query.limit).execute();
  return rows.map(toAuditEvent);
}

/** Deletes up to `batchSize` of the oldest events from before `time`; returns how many. */
export async function pruneEvents(db: Kysely<Database>, time: number, batchSize: number): Promise<number> {
  const result = await db
    .deleteFrom('events')
    .where('event_id', 'in', (eb) =>
      eb.selectFrom('events').select('event_id').where('event_id', '<', firstEventIdAt(time)).orderBy('event_id').limit(batchSize),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
