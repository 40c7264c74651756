// Reads the token from "Authorization: aivenv1 <token>" (Aiven's scheme) or "Bearer <token>".
export type HeaderToken = { ok: true; token: string } | { ok: false; reason: 'missing' | 'bad_scheme' };

export function tokenFromAuthorizationHeader(header: string | undefined): HeaderToken {
  if (header === undefined || header === '') return { ok: false, reason: 'missing' };
  const space = header.indexOf(' ');
  if (space <= 0) return { ok: false, reason: 'bad_scheme' };
  const scheme = header.slice(0, space).toLowerCase();
  if (scheme !== 'aivenv1' && scheme !== 'bearer') return { ok: false, reason: 'bad_scheme' };
  const token = header.slice(space + 1).trim();
  if (token === '') return { ok: false, reason: 'missing' };
  return { ok: true, token };
}
