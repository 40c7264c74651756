/**
 * A request's header fields as the gRPC server reads them, checked as RFC 9113 §8.3 requires of a
 * server: lower-case names, the request pseudo-headers only and before the others, no
 * connection-specific fields, `te` only as "trailers". A request that fails is malformed: its stream
 * is reset with PROTOCOL_ERROR, and the connection goes on.
 */
import type { HeaderList } from './hpack-decoder.js';
import type { RequestHeaders } from './server-stream.js';

const CONNECTION_SPECIFIC = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);
const REQUEST_PSEUDO = new Set([':method', ':scheme', ':path', ':authority']);

const UPPER_CASE = /[A-Z]/;

/** The request's headers by name, or why the request is malformed (§8.3). */
export function requestHeaders(fields: HeaderList): RequestHeaders | string {
  const headers: RequestHeaders = Object.create(null);
  let regularSeen = false;
  // Index loops, not for-of with destructuring: the plugin runs without V8's optimizing compilers
  // (../v8-tiers.ts), and this runs for every call.
  for (let i = 0; i < fields.length; i++) {
    const name = fields[i][0];
    const value = fields[i][1];
    if (name.length === 0) return 'empty header name';
    if (UPPER_CASE.test(name)) return `upper-case header name ${name}`;
    if (name.charCodeAt(0) === 0x3a) {
      if (regularSeen) return `pseudo-header ${name} after a regular header`;
      if (!REQUEST_PSEUDO.has(name)) return `unknown pseudo-header ${name}`;
      if (headers[name] !== undefined) return `repeated ${name}`;
      headers[name] = value;
      continue;
    }
    regularSeen = true;
    if (CONNECTION_SPECIFIC.has(name)) return `connection-specific header ${name}`;
    if (name === 'te' && value !== 'trailers') return `te: ${value}`;
    const earlier = headers[name];
    headers[name] = earlier === undefined ? value : `${earlier}, ${value}`;
  }
  if (headers[':method'] === undefined || headers[':path'] === undefined || headers[':scheme'] === undefined) {
    return 'missing :method, :path or :scheme';
  }
  return headers;
}
