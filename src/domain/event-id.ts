// Audit event ids: time-ordered, fixed-width, lowercase hex, so that text order is time order and a
// cursor (`after=<event_id>`) is a plain `event_id > ?` comparison on the primary key.
//
//   ev <12 hex digits: milliseconds since the epoch> <6 hex digits: sequence within that millisecond>
//
// The store assigns ids while it holds the event-order lock (see SqlStore.appendEvents), always after
// the newest id already committed: ids then follow commit order, which is what lets a reader page with
// a cursor without skipping an event committed late or reading one twice, whatever the nodes' clocks say.
const MS_DIGITS = 12;
const SEQ_DIGITS = 6;
const MAX_SEQ = 16 ** SEQ_DIGITS - 1;

export const EVENT_ID_PATTERN = '^ev[0-9a-f]{18}$';
const EVENT_ID = /^ev([0-9a-f]{12})([0-9a-f]{6})$/;

function format(ms: number, seq: number): string {
  return `ev${ms.toString(16).padStart(MS_DIGITS, '0')}${seq.toString(16).padStart(SEQ_DIGITS, '0')}`;
}

export function isEventId(text: string): boolean {
  return EVENT_ID.test(text);
}

/** The id for an event at `time` that sorts after `previous` (the newest id committed), or undefined. */
export function nextEventId(previous: string | undefined, time: number): string {
  let ms = Math.max(0, Math.floor(time));
  let seq = 0;
  const match = previous === undefined ? null : EVENT_ID.exec(previous);
  if (match) {
    const previousMs = parseInt(match[1], 16);
    const previousSeq = parseInt(match[2], 16);
    if (previousMs >= ms) {
      ms = previousMs;
      seq = previousSeq + 1;
      if (seq > MAX_SEQ) {
        ms += 1;
        seq = 0;
      }
    }
  }
  return format(ms, seq);
}

/** The smallest id an event at or after `time` can have (ids of older events sort before it). */
export function firstEventIdAt(time: number): string {
  return format(Math.max(0, Math.floor(time)), 0);
}
