// IP allowlists: CIDRs (or single addresses), IPv4 and IPv6. Parsed once into a BlockList.
import { BlockList, isIPv4, isIPv6 } from 'node:net';

export interface ParsedCidr {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** The family of an address written plainly: no IPv6 zone id ("fe80::1%eth0" names an interface, not a host). */
function plainFamily(address: string): 'ipv4' | 'ipv6' | undefined {
  if (isIPv4(address)) return 'ipv4';
  return isIPv6(address) && !address.includes('%') ? 'ipv6' : undefined;
}

/** Is this one IPv4 or IPv6 address (no prefix length, no zone id)? */
export function isPlainAddress(text: string): boolean {
  return plainFamily(text) !== undefined;
}

/**
 * Parses "10.0.0.0/8", "2001:db8::/32" or a bare address; undefined when it is not a valid CIDR. Zone
 * ids and prefix lengths with leading zeros ("/08") are refused: both are ambiguous.
 */
export function parseCidr(text: string): ParsedCidr | undefined {
  const slash = text.indexOf('/');
  const address = slash === -1 ? text : text.slice(0, slash);
  const prefixText = slash === -1 ? undefined : text.slice(slash + 1);
  const family = plainFamily(address);
  if (!family) return undefined;
  const max = family === 'ipv4' ? 32 : 128;
  if (prefixText === undefined) return { address, prefix: max, family };
  if (!/^(0|[1-9]\d{0,2})$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > max) return undefined;
  return { address, prefix, family };
}

/** Maps an IPv4-mapped IPv6 address (::ffff:1.2.3.4, as dual-stack sockets report) to plain IPv4. */
export function normalizeAddress(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return mapped ? mapped[1] : ip;
}

export class IpAllowlist {
  private readonly list = new BlockList();
  constructor(cidrs: readonly string[]) {
    for (const cidr of cidrs) {
      // An entry stored before the parser became stricter (a zone id, "/08") allows nothing: fail closed.
      const parsed = parseCidr(cidr);
      if (parsed) this.list.addSubnet(parsed.address, parsed.prefix, parsed.family);
    }
  }
  allows(ip: string): boolean {
    const address = normalizeAddress(ip);
    const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
    return family !== undefined && this.list.check(address, family);
  }
}

/** Is every address of `inner` inside `outer`? */
export function cidrWithin(inner: ParsedCidr, outer: ParsedCidr): boolean {
  if (inner.family !== outer.family || inner.prefix < outer.prefix) return false;
  const list = new BlockList();
  list.addSubnet(outer.address, outer.prefix, outer.family);
  return list.check(inner.address, inner.family);
}

/**
 * A token restricted to an allowlist may only create tokens restricted at least as much. Returns the
 * first requested entry outside the granted ranges ('any address' when the request has no allowlist),
 * or undefined.
 */
export function allowlistBeyond(requested: readonly string[] | null, granted: readonly string[] | null): string | undefined {
  if (granted === null) return undefined;
  if (requested === null) return 'any address';
  const outers = granted.map(parseCidr).filter((c): c is ParsedCidr => c !== undefined);
  return requested.find((entry) => {
    const inner = parseCidr(entry);
    return inner === undefined || !outers.some((outer) => cidrWithin(inner, outer));
  });
}
