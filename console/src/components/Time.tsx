// A time shown relative ("3 hours ago") with the absolute time beside it (or as its title).
import { absoluteTime, relativeTime } from '../format/time.ts';

export function Time({ iso, now, both = true }: { iso: string; now: number; both?: boolean }) {
  return (
    <span class="time">
      <time dateTime={iso} title={absoluteTime(iso)}>
        {relativeTime(iso, now)}
      </time>
      {both && <span class="absolute">{absoluteTime(iso)}</span>}
    </span>
  );
}
