// Prometheus metrics, kept as plain counters and rendered in the text exposition format.
// Labels are bounded: routes are route patterns (not raw URLs), statuses and reasons are small sets.
import { PerformanceObserver, constants as perfConstants, type PerformanceEntry } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

interface RouteSeries {
  method: string;
  route: string;
  status: number;
  count: number;
  sum: number;
  buckets: number[];
}

/** One sample line: the name's suffix ("_bucket", "_sum"… or ""), its labels ("" for none), its value. */
type Sample = [suffix: string, labels: string, value: number];

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** The process's memory right after V8's last major (mark-compact) collection: its floor, without garbage. */
export interface AfterMajorGc {
  /** Major collections seen since the observer started. */
  count: number;
  /** V8 heap in use when the collection's entry is delivered (live objects; the old space's garbage is gone). */
  heapUsedBytes: number;
  /** The lowest RSS read in the half second after the collection (see below); 0 before the first one. */
  rssBytes: number;
}

/** Delays (ms) after a major collection's entry at which RSS is read again; the gauge keeps the lowest. */
const RSS_AFTER_GC_DELAYS_MS = [50, 250, 500];

// Resident memory in bytes; /proc is read directly (process.memoryUsage() walks every heap space too).
function residentBytes(): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.memoryUsage.rss();
}

export class Metrics {
  /**
   * Memory after the last major collection. Read at the entry's delivery, RSS often still held the
   * freed pages (V8 returns them from a background thread): in a probe 353 MB at the callback, 135 MB
   * 10 ms later, with the heap at 23-27 MB. So RSS is read at delivery and again 50, 250 and 500 ms
   * later and the lowest is kept (at the soak's load the heap grows by well under 1 MB in that time).
   */
  readonly afterMajorGc: AfterMajorGc = { count: 0, heapUsedBytes: 0, rssBytes: 0 };
  private gcObserver: PerformanceObserver | undefined;
  private readonly gcTimers = new Set<NodeJS.Timeout>();

  private readonly requests = new Map<string, RouteSeries>();
  readonly authFailures = new Map<string, number>();
  tokensVerifiedFromCache = 0;
  tokensVerifiedFromDatabase = 0;
  /** Database reads by token digest, by outcome ("unknown": no such live token). */
  tokenDatabaseLookups = { found: 0, unknown: 0 };

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${route} ${status}`;
    let series = this.requests.get(key);
    if (series === undefined) {
      series = { method, route, status, count: 0, sum: 0, buckets: LATENCY_BUCKETS.map(() => 0) };
      this.requests.set(key, series);
    }
    series.count++;
    series.sum += seconds;
    for (let i = 0; i < LATENCY_BUCKETS.length; i++) if (seconds <= LATENCY_BUCKETS[i]) series.buckets[i]++;
  }

  /** Starts observing V8's major collections (a few a minute under load); stop with close(). */
  observeCollections(): void {
    if (this.gcObserver) return;
    this.gcObserver = new PerformanceObserver((list) => {
      const majors = list.getEntries().filter((entry: PerformanceEntry) =>
        (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR);
      if (majors.length === 0) return;
      const after = this.afterMajorGc;
      after.count += majors.length;
      after.heapUsedBytes = process.memoryUsage().heapUsed;
      after.rssBytes = residentBytes();
      const count = after.count;
      for (const delay of RSS_AFTER_GC_DELAYS_MS) {
        const timer = setTimeout(() => {
          this.gcTimers.delete(timer);
          // a later collection has its own readings
          if (after.count === count) after.rssBytes = Math.min(after.rssBytes, residentBytes());
        }, delay);
        timer.unref();
        this.gcTimers.add(timer);
      }
    });
    this.gcObserver.observe({ entryTypes: ['gc'] });
  }

  close(): void {
    this.gcObserver?.disconnect();
    this.gcObserver = undefined;
    for (const timer of this.gcTimers) clearTimeout(timer);
    this.gcTimers.clear();
  }

  authFailed(reason: string): void {
    this.authFailures.set(reason, (this.authFailures.get(reason) ?? 0) + 1);
  }

  render(gauges: {
    lastUsePending: number;
    lastUseWrites: number;
    sightingWrites?: number;
    verificationCacheEntries: number;
    lastUseDropped?: number;
    logLinesDropped?: number;
    logLinesPending?: number;
  }): string {
    const out: string[] = [];
    const family = (name: string, type: 'counter' | 'gauge' | 'histogram', help: string, samples: Iterable<Sample>) => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [suffix, labels, value] of samples) out.push(`${name}${suffix}${labels === '' ? '' : `{${labels}}`} ${value}`);
    };
    const routeLabels = (s: RouteSeries) => `method="${s.method}",route="${escapeLabel(s.route)}",status="${s.status}"`;
    const requests = [...this.requests.values()];

    family('tessera_http_requests_total', 'counter', 'HTTP requests by route pattern, method and status.',
      requests.map((s) => ['', routeLabels(s), s.count]));
    family('tessera_http_request_duration_seconds', 'histogram', 'HTTP request latency by route pattern, method and status.',
      requests.flatMap((s): Sample[] => {
        const labels = routeLabels(s);
        return [
          ...LATENCY_BUCKETS.map((le, i): Sample => ['_bucket', `${labels},le="${le}"`, s.buckets[i]]),
          ['_bucket', `${labels},le="+Inf"`, s.count],
          ['_sum', labels, s.sum],
          ['_count', labels, s.count],
        ];
      }));
    family('tessera_auth_failures_total', 'counter', 'Failed authentications by reason.',
      [...this.authFailures].map(([reason, count]) => ['', `reason="${reason}"`, count]));
    family('tessera_tokens_verified_total', 'counter', 'Successful token verifications by where the token was found.', [
      ['', 'source="cache"', this.tokensVerifiedFromCache],
      ['', 'source="database"', this.tokensVerifiedFromDatabase],
    ]);
    family('tessera_token_database_lookups_total', 'counter', 'Token lookups that went to the database (cache misses), by outcome.', [
      ['', 'result="found"', this.tokenDatabaseLookups.found],
      ['', 'result="unknown"', this.tokenDatabaseLookups.unknown],
    ]);
    family('tessera_last_use_dropped_total', 'counter', 'Last-use records dropped because the bounded buffer was full while writes failed.',
      [['', '', gauges.lastUseDropped ?? 0]]);
    family('tessera_last_use_pending', 'gauge', 'Tokens whose last use is waiting to be written.', [['', '', gauges.lastUsePending]]);
    family('tessera_last_use_writes_total', 'counter', 'Last-use UPDATE statements written (one per token per flush).', [['', '', gauges.lastUseWrites]]);
    family('tessera_audit_sighting_writes_total', 'counter',
      'INSERT statements of first-use-from-a-new-address/client events (one per flush that has any).', [['', '', gauges.sightingWrites ?? 0]]);
    family('tessera_verification_cache_entries', 'gauge', 'Verified tokens held in the cache.', [['', '', gauges.verificationCacheEntries]]);
    family('tessera_log_lines_dropped_total', 'counter',
      'Log lines dropped because stdout did not take them (its bounded buffer was full, or writing failed).', [['', '', gauges.logLinesDropped ?? 0]]);
    family('tessera_log_lines_pending', 'gauge', 'Log lines waiting for stdout to take them.', [['', '', gauges.logLinesPending ?? 0]]);
    // the process's memory, the names prom-client uses: what `npm run soak` tells growth from garbage by
    const memory = process.memoryUsage();
    family('process_resident_memory_bytes', 'gauge', 'Resident memory size in bytes.', [['', '', memory.rss]]);
    family('nodejs_heap_size_used_bytes', 'gauge', 'V8 heap in use (live objects and garbage not yet collected).', [['', '', memory.heapUsed]]);
    // the floors: memory right after the last major collection (0 before the first), which does not
    // swing with how much garbage awaits the next one
    const after = this.afterMajorGc;
    family('nodejs_gc_major_total', 'counter', 'V8 major (mark-compact) collections since the server started.', [['', '', after.count]]);
    family('nodejs_heap_used_after_major_gc_bytes', 'gauge', 'V8 heap in use right after the last major collection (live objects).',
      [['', '', after.heapUsedBytes]]);
    family('process_resident_memory_after_major_gc_bytes', 'gauge',
      'Lowest resident memory read in the half second after the last major collection.', [['', '', after.rssBytes]]);
    return out.join('\n') + '\n';
  }
}
