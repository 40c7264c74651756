// Prometheus metrics, kept as plain counters and rendered in the text exposition format.
// Labels are bounded: routes are route patterns (not raw URLs), statuses and reasons are small sets.

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

export class Metrics {
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

  authFailed(reason: string): void {
    this.authFailures.set(reason, (this.authFailures.get(reason) ?? 0) + 1);
  }

  render(gauges: { lastUsePending: number; lastUseWrites: number; sightingWrites?: number; verificationCacheEntries: number; lastUseDropped?: number }): string {
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
    // the process's memory, the names prom-client uses: what `npm run soak` tells growth from garbage by
    const memory = process.memoryUsage();
    family('process_resident_memory_bytes', 'gauge', 'Resident memory size in bytes.', [['', '', memory.rss]]);
    family('nodejs_heap_size_used_bytes', 'gauge', 'V8 heap in use (live objects and garbage not yet collected).', [['', '', memory.heapUsed]]);
    return out.join('\n') + '\n';
  }
}
