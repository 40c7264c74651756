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
    const lines: string[] = [];
    lines.push('# HELP tessera_http_requests_total HTTP requests by route pattern, method and status.');
    lines.push('# TYPE tessera_http_requests_total counter');
    for (const s of this.requests.values()) {
      lines.push(`tessera_http_requests_total{method="${s.method}",route="${escapeLabel(s.route)}",status="${s.status}"} ${s.count}`);
    }
    lines.push('# HELP tessera_http_request_duration_seconds HTTP request latency by route pattern, method and status.');
    lines.push('# TYPE tessera_http_request_duration_seconds histogram');
    for (const s of this.requests.values()) {
      const labels = `method="${s.method}",route="${escapeLabel(s.route)}",status="${s.status}"`;
      LATENCY_BUCKETS.forEach((le, i) => lines.push(`tessera_http_request_duration_seconds_bucket{${labels},le="${le}"} ${s.buckets[i]}`));
      lines.push(`tessera_http_request_duration_seconds_bucket{${labels},le="+Inf"} ${s.count}`);
      lines.push(`tessera_http_request_duration_seconds_sum{${labels}} ${s.sum}`);
      lines.push(`tessera_http_request_duration_seconds_count{${labels}} ${s.count}`);
    }
    lines.push('# HELP tessera_auth_failures_total Failed authentications by reason.');
    lines.push('# TYPE tessera_auth_failures_total counter');
    for (const [reason, count] of this.authFailures) lines.push(`tessera_auth_failures_total{reason="${reason}"} ${count}`);
    lines.push('# HELP tessera_tokens_verified_total Successful token verifications by where the token was found.');
    lines.push('# TYPE tessera_tokens_verified_total counter');
    lines.push(`tessera_tokens_verified_total{source="cache"} ${this.tokensVerifiedFromCache}`);
    lines.push(`tessera_tokens_verified_total{source="database"} ${this.tokensVerifiedFromDatabase}`);
    lines.push('# HELP tessera_token_database_lookups_total Token lookups that went to the database (cache misses), by outcome.');
    lines.push('# TYPE tessera_token_database_lookups_total counter');
    lines.push(`tessera_token_database_lookups_total{result="found"} ${this.tokenDatabaseLookups.found}`);
    lines.push(`tessera_token_database_lookups_total{result="unknown"} ${this.tokenDatabaseLookups.unknown}`);
    lines.push('# HELP tessera_last_use_dropped_total Last-use records dropped because the bounded buffer was full while writes failed.');
    lines.push('# TYPE tessera_last_use_dropped_total counter');
    lines.push(`tessera_last_use_dropped_total ${gauges.lastUseDropped ?? 0}`);
    lines.push('# HELP tessera_last_use_pending Tokens whose last use is waiting to be written.');
    lines.push('# TYPE tessera_last_use_pending gauge');
    lines.push(`tessera_last_use_pending ${gauges.lastUsePending}`);
    lines.push('# HELP tessera_last_use_writes_total Last-use UPDATE statements written (one per token per flush).');
    lines.push('# TYPE tessera_last_use_writes_total counter');
    lines.push(`tessera_last_use_writes_total ${gauges.lastUseWrites}`);
    lines.push('# HELP tessera_audit_sighting_writes_total INSERT statements of first-use-from-a-new-address/client events (one per flush that has any).');
    lines.push('# TYPE tessera_audit_sighting_writes_total counter');
    lines.push(`tessera_audit_sighting_writes_total ${gauges.sightingWrites ?? 0}`);
    lines.push('# HELP tessera_verification_cache_entries Verified tokens held in the cache.');
    lines.push('# TYPE tessera_verification_cache_entries gauge');
    lines.push(`tessera_verification_cache_entries ${gauges.verificationCacheEntries}`);
    // the process's memory, the names prom-client uses: what `npm run soak` tells growth from garbage by
    const memory = process.memoryUsage();
    lines.push('# HELP process_resident_memory_bytes Resident memory size in bytes.');
    lines.push('# TYPE process_resident_memory_bytes gauge');
    lines.push(`process_resident_memory_bytes ${memory.rss}`);
    lines.push('# HELP nodejs_heap_size_used_bytes V8 heap in use (live objects and garbage not yet collected).');
    lines.push('# TYPE nodejs_heap_size_used_bytes gauge');
    lines.push(`nodejs_heap_size_used_bytes ${memory.heapUsed}`);
    return lines.join('\n') + '\n';
  }
}
