// Where the server's log lines go: stdout, through Node's own process.stdout, with a bounded buffer of
// lines waiting to be written. Never a hung worker (issue 12): no thread may sit in a write(2) that a
// reader which stopped reading would never let finish, because the process joins its threads at exit
// and would then never exit. So:
//
// - A pipe or socket (systemd's journal, docker, `| tee`, the socket `spawn` gives a child) is written
//   by libuv non-blocking (process.stdout is a net.Socket; libuv sets O_NONBLOCK on the fd, and on the
//   open file description it shares with a `2>&1` stderr, which Node also writes through libuv; Node
//   restores the flags at exit). A full pipe only delays the write until the reader reads.
//   (pino.destination wrote with fs.write in libuv's thread pool on the blocking socket: a pool thread
//   stuck in write(2), and process.exit waiting for it forever.)
// - A regular file or /dev/null is written synchronously (Node's SyncWriteStream): it cannot stall.
// - A terminal is written synchronously too (as Node does for every TTY); a terminal paused with
//   Ctrl-S pauses the server until it is resumed.
//
// Lines are written in batches: every line logged in one turn of the event loop goes out in one
// write, at the end of that turn (setImmediate), and nothing more is written while a write is still
// under way. A write per line was ~13 % of a cached authenticated request's CPU time; a batch per turn
// costs one write for every request the turn answered.
//
// The bound: lines waiting (written to the stream but not yet taken by the reader, plus those queued
// behind them) hold at most LOG_BUFFER_MAX_CHARS characters (16 Mi; log lines are JSON, mostly ASCII,
// so about 16 MiB). A line that does not fit is dropped and counted (tessera_log_lines_dropped_total);
// so are the lines logged after stdout failed (EPIPE: the reader went away). The server goes on serving.
import { writeSync } from 'node:fs';
import type { Writable } from 'node:stream';

/** Characters of log lines held at most while stdout does not take them (about 16 MiB of JSON lines). */
export const LOG_BUFFER_MAX_CHARS = 16 * 1024 * 1024;
/** How long shutdown waits at most for stdout to take the last log lines before exiting without them. */
export const LOG_DRAIN_MS = 1000;

/** What /metrics reports about the log. */
export interface LogOutputStats {
  /** Lines dropped: the buffer was full (stdout not read fast enough) or stdout failed. */
  readonly droppedLines: number;
  /** Lines not yet taken by stdout's reader. */
  readonly pendingLines: number;
}

export class LogOutput implements LogOutputStats {
  droppedLines = 0;
  /** Lines logged since the last write began, waiting for it to finish (or for the turn to end). */
  private queued: string[] = [];
  private queuedChars = 0;
  /** The batch handed to the stream whose write has not finished yet. */
  private writingLines = 0;
  private writingChars = 0;
  private scheduled = false;
  private failure: Error | undefined;
  /** drain()s waiting: told true when every line was written, false when stdout failed. */
  private idle: Array<(written: boolean) => void> = [];

  constructor(
    private readonly stream: Writable,
    private readonly maxChars = LOG_BUFFER_MAX_CHARS,
    private readonly onFailure: (error: Error) => void = () => undefined,
  ) {
    stream.on('error', (error: Error) => this.fail(error));
  }

  get pendingLines(): number {
    return this.queued.length + this.writingLines;
  }

  /** pino's destination: one line (pino's JSON, already redacted). Never blocks, never throws. */
  write(line: string): boolean {
    if (this.failure !== undefined || this.queuedChars + this.writingChars + line.length > this.maxChars) {
      this.droppedLines++;
      return true;
    }
    this.queued.push(line);
    this.queuedChars += line.length;
    if (!this.scheduled && this.writingLines === 0) {
      this.scheduled = true;
      setImmediate(this.writeQueued);
    }
    return true;
  }

  /**
   * Writes what is queued now and waits until stdout has taken every line, for at most `ms`.
   * True when everything was written; false at the deadline (the rest stays unwritten).
   */
  drain(ms = LOG_DRAIN_MS): Promise<boolean> {
    this.writeQueued();
    if (this.failure !== undefined) return Promise.resolve(false);
    if (this.pendingLines === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      this.idle.push((written) => {
        clearTimeout(timer);
        resolve(written);
      });
    });
  }

  /**
   * At exit without drain() (an uncaught exception, process.exit elsewhere): one attempt to write what
   * is queued, synchronously; only when no write is under way (it would land in the middle of one).
   * Never waits: on a pipe the fd is non-blocking, and a full one just refuses.
   */
  writeQueuedAtExit(fd = 1): void {
    if (this.writingLines > 0 || this.queued.length === 0 || this.failure !== undefined) return;
    try {
      writeSync(fd, this.queued.join(''));
    } catch {
      // nothing more can be done for these lines
    }
  }

  private readonly writeQueued = (): void => {
    this.scheduled = false;
    if (this.writingLines > 0 || this.queued.length === 0 || this.failure !== undefined) return;
    const batch = this.queued.length === 1 ? this.queued[0] : this.queued.join('');
    this.writingLines = this.queued.length;
    this.writingChars = this.queuedChars;
    this.queued = [];
    this.queuedChars = 0;
    this.stream.write(batch, this.written);
  };

  private readonly written = (error?: Error | null): void => {
    if (error) {
      this.fail(error);
      return;
    }
    this.writingLines = 0;
    this.writingChars = 0;
    // lines logged while the batch was being written: the next batch, at once
    if (this.queued.length > 0) this.writeQueued();
    else this.notifyIdle();
  };

  private fail(error: Error): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    this.droppedLines += this.pendingLines;
    this.queued = [];
    this.queuedChars = 0;
    this.writingLines = 0;
    this.writingChars = 0;
    this.onFailure(error);
    this.notifyIdle(false);
  }

  private notifyIdle(written = true): void {
    const waiting = this.idle;
    this.idle = [];
    for (const resolve of waiting) resolve(written);
  }
}
