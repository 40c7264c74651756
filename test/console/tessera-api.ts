// A few admin calls for browser tests that set up organizations, users and tokens through the API.
import type { RunningTessera } from '../support/tessera.js';

export interface ApiAnswer {
  status: number;
  body: any;
}

export function apiAs(tessera: RunningTessera, token = tessera.adminToken) {
  return async (method: string, path: string, body?: unknown): Promise<ApiAnswer> => {
    const response = await fetch(`${tessera.url}${path}`, {
      method,
      headers: { authorization: `aivenv1 ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: response.status === 204 ? undefined : await response.json() };
  };
}

/** An organization with one application user and a token for it; returns their ids and the token. */
export async function organizationWithUser(
  tessera: RunningTessera,
  names: { organization: string; user: string; superAdmin?: boolean },
  token: Record<string, unknown> = { description: 'console session' },
) {
  const api = apiAs(tessera);
  const org = await api('POST', '/v1/organizations', { organization_name: names.organization });
  const organizationId: string = org.body.organization_id;
  const user = await api('POST', `/v1/organization/${organizationId}/application-users`, { name: names.user, is_super_admin: names.superAdmin ?? false });
  const userId: string = user.body.user_id;
  const created = await api('POST', `/v1/organization/${organizationId}/application-users/${userId}/access-tokens`, token);
  if (created.status !== 200) throw new Error(`creating a token failed: ${JSON.stringify(created.body)}`);
  return { organizationId, userId, fullToken: created.body.full_token as string, tokenPrefix: created.body.token_prefix as string };
}
