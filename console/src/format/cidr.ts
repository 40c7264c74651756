// IP allowlist entries, checked as they are typed: an IPv4 or IPv6 address with an optional /prefix,
// the forms the server accepts (ipaddr.js parses; the prefix range is checked here).
import ipaddr from 'ipaddr.js';

/** Why an entry is not a valid CIDR, or undefined when it is. */
export function cidrProblem(entry: string): string | undefined {
  const [address, prefix, ...rest] = entry.split('/');
  if (rest.length > 0) return `'${entry}' has more than one '/'`;
  const ipv6 = address.includes(':');
  if (ipv6 && address.includes('%')) return `'${address}': a zone id names an interface, not a host; leave it out`;
  const valid = ipv6 ? ipaddr.IPv6.isValid(address) : ipaddr.IPv4.isValidFourPartDecimal(address);
  if (!valid) return `'${address}' is not an IPv4 or IPv6 address`;
  if (prefix === undefined) return undefined;
  const max = ipv6 ? 128 : 32;
  // no leading zeros ("/08"): the server refuses them as ambiguous
  if (!/^(0|[1-9]\d{0,2})$/.test(prefix) || Number(prefix) > max) return `'${entry}': the prefix length must be 0 to ${max}, without leading zeros`;
  return undefined;
}

/** The entries of an allowlist text (one per line, or separated by commas or spaces). */
export function allowlistEntries(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}
