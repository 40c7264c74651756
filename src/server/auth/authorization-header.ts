// Reads the token from "Authorization: aivenv1 <token>" (Aiven's scheme) or "Bearer <token>".
export type HeaderToken = { ok: true; token: string } | { ok: false; reason: 'missing' | 'bad_scheme' };

export function tokenFromAuthorizationHeader(header: string | undefined): HeaderToken {
  if (header === undefined || header === '') return { ok: false, reason: 'missing' };
  const usual = tokenOfUsualHeader(header);
  if (usual !== undefined) return { ok: true, token: usual };
  const space = header.indexOf(' ');
  if (space <= 0) return { ok: false, reason: 'bad_scheme' };
  const scheme = header.slice(0, space).toLowerCase();
  if (scheme !== 'aivenv1' && scheme !== 'bearer') return { ok: false, reason: 'bad_scheme' };
  const token = header.slice(space + 1).trim();
  if (token === '') return { ok: false, reason: 'missing' };
  return { ok: true, token };
}

/**
 * The token of a header as clients write it ("aivenv1 <token>" or "Bearer <token>", nothing around the
 * token to trim), with no substring but the token's own; undefined for any other header, which the
 * general parse above reads (the same answer either way). The header of every request passes here.
 */
function tokenOfUsualHeader(header: string): string | undefined {
  const start = header.startsWith('aivenv1 ') ? 8 : header.startsWith('Bearer ') ? 7 : 0;
  if (start === 0 || header.length === start) return undefined;
  // a printable ASCII character other than space is no white space to trim
  if (!isPrintable(header.charCodeAt(start)) || !isPrintable(header.charCodeAt(header.length - 1))) return undefined;
  return header.slice(start);
}

function isPrintable(code: number): boolean {
  return code > 0x20 && code < 0x7f;
}
