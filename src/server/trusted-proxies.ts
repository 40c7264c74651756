// TESSERA_TRUST_PROXY: which peers' X-Forwarded-For is believed. Only a list of proxy addresses or
// CIDRs: the client address is then the right-most X-Forwarded-For entry that is not one of them
// (Fastify's proxy-addr walks from the socket address leftwards while the hop is trusted), so what a
// client writes into the header itself is never believed. `true` (believe anyone) is refused: any
// client could then pass an ip_allowlist, set last_ip, and evade or cause rate limiting.
import { parseCidr } from '../domain/ip-allowlist.js';

export class TrustProxyError extends Error {}

/** Fastify's trustProxy value: false, or the validated list as a comma-separated string. */
export function trustedProxies(setting: boolean | string | undefined): false | string {
  if (setting === undefined || setting === false || setting === '') return false;
  if (setting === true || setting.trim().toLowerCase() === 'true') {
    throw new TrustProxyError(
      "TESSERA_TRUST_PROXY=true would believe any X-Forwarded-For a client sends; set it to your proxies' addresses " +
        '(comma-separated addresses or CIDRs, e.g. 10.0.0.5,10.1.0.0/16)',
    );
  }
  const entries = setting.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  for (const entry of entries) {
    if (!parseCidr(entry)) {
      throw new TrustProxyError(`TESSERA_TRUST_PROXY: '${entry}' is not an IP address or CIDR (expected a comma-separated list of proxy addresses)`);
    }
  }
  return entries.length === 0 ? false : entries.join(',');
}
