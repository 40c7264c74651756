/**
 * Go duration strings ("30s", "2h45m", "1.5h", "300ms"), as Go's time.ParseDuration reads them: the
 * syntax terraform users know from every provider's `timeouts` block.
 */

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  'µs': 1e-3, // U+00B5 micro sign
  'μs': 1e-3, // U+03BC Greek mu
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

// The micro signs are escaped: a non-ASCII character in the plugin bundle (esbuild keeps regular
// expression literals as written) makes V8 hold all of its source as a two-byte string.
const TERM = /^(\d+\.?\d*|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/;

/** Milliseconds in a Go duration string; throws an Error naming the value when it is not one. */
export function parseGoDuration(text: string): number {
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') throw new Error(`invalid duration ${JSON.stringify(text)}: empty`);
  let total = 0;
  while (rest.length > 0) {
    const m = TERM.exec(rest);
    if (!m) {
      const why = /^[\d.]+$/.test(rest) ? 'missing unit' : /^[\d.]+/.test(rest) ? `unknown unit in ${JSON.stringify(rest)}` : `unexpected ${JSON.stringify(rest)}`;
      throw new Error(`invalid duration ${JSON.stringify(text)}: ${why} (use numbers with units h, m, s, ms, us, ns, e.g. "30s" or "2h45m")`);
    }
    total += Number(m[1]) * UNIT_MS[m[2]];
    rest = rest.slice(m[0].length);
  }
  return sign * total;
}

/** "20m0s"-style rendering of milliseconds, for messages. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`;
}
