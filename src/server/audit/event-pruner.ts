// Retention of the audit trail (TESSERA_AUDIT_RETENTION_DAYS, default 365; 0 keeps events forever).
// Events older than that are deleted in small batches with a pause between them, so pruning a large
// backlog never holds a long transaction or keeps the database busy for other requests.
import type { Clock } from '../../domain/clock.js';
import type { Store } from '../../store/store.js';

export const DEFAULT_AUDIT_RETENTION_DAYS = 365;
const DAY_MS = 86_400_000;

export interface EventPrunerOptions {
  retentionDays: number;
  /** How often to look for old events (ms); default hourly. */
  intervalMs?: number;
  batchSize?: number;
  /** Pause between batches (ms). */
  pauseMs?: number;
  onError?: (error: unknown) => void;
  onPruned?: (count: number) => void;
}

export class EventPruner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly options: EventPrunerOptions,
  ) {}

  start(): void {
    if (this.options.retentionDays <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.prune(), this.options.intervalMs ?? 3_600_000);
    this.timer.unref();
    // once soon after start too (a node restarted hourly would otherwise never prune)
    setTimeout(() => void this.prune(), 5_000).unref();
  }

  /** Deletes every event older than the retention period, batch by batch; returns how many. */
  prune(): Promise<number> {
    if (this.options.retentionDays <= 0) return Promise.resolve(0);
    this.running ??= this.pruneBatches().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  async close(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  private async pruneBatches(): Promise<number> {
    const batchSize = this.options.batchSize ?? 500;
    const cutoff = this.clock.now() - this.options.retentionDays * DAY_MS;
    let total = 0;
    try {
      while (!this.stopped) {
        const deleted = await this.store.pruneEvents(cutoff, batchSize);
        total += deleted;
        if (deleted < batchSize) break;
        await new Promise((resolve) => setTimeout(resolve, this.options.pauseMs ?? 50));
      }
    } catch (error) {
      this.options.onError?.(error);
    }
    if (total > 0) this.options.onPruned?.(total);
    return total;
  }
}
