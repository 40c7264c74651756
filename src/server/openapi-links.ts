// Operation ids and OpenAPI links for the document at /openapi.json. Links say how one answer feeds the
// next request (create organization → create user → create token → list tokens → revoke), which lets
// clients and stateful testers (schemathesis) walk the API as a user would. Added to the finished
// document, so routes stay as they are; a link whose target operation is not served is left out.

type Operation = { operationId?: string; responses?: Record<string, { links?: Record<string, unknown> }> };
type Paths = Record<string, Record<string, Operation>>;

const ORG = '/v1/organization/{organization_id}';
const USERS = `${ORG}/application-users`;
const USER = `${USERS}/{user_id}`;
const TOKENS = `${USER}/access-tokens`;
const TOKEN = `${TOKENS}/{token_prefix}`;

/**
 * An operation id from method and path: the fixed path parts, and the last parameter when the path ends
 * with one. GET /v1/organization/{organization_id} → getOrganizationByOrganizationId,
 * GET /v1/organizations → getOrganizations.
 */
export function operationIdFor(method: string, path: string): string {
  const camel = (text: string) =>
    text
      .split(/[-_]/)
      .filter(Boolean)
      .map((w) => w[0].toUpperCase() + w.slice(1))
      .join('');
  const parts = path.split('/').filter((part) => part && part !== 'v1');
  const fixed = parts.filter((part) => !part.startsWith('{')).map(camel).join('');
  const last = parts.at(-1) ?? '';
  return method.toLowerCase() + fixed + (last.startsWith('{') ? `By${camel(last.slice(1, -1))}` : '');
}

interface LinkSpec {
  from: [method: string, path: string, status: string];
  name: string;
  to: [method: string, path: string];
  parameters: Record<string, string>;
}

const fromOrgBody = { organization_id: '$response.body#/organization_id' };
const fromUserBody = { organization_id: '$request.path.organization_id', user_id: '$response.body#/user_id' };
const fromTokenBody = {
  organization_id: '$request.path.organization_id',
  user_id: '$request.path.user_id',
  token_prefix: '$response.body#/token_prefix',
};

const LINKS: LinkSpec[] = [
  { from: ['post', '/v1/organizations', '200'], name: 'GetOrganization', to: ['get', ORG], parameters: fromOrgBody },
  { from: ['post', '/v1/organizations', '200'], name: 'RenameOrganization', to: ['patch', ORG], parameters: fromOrgBody },
  { from: ['post', '/v1/organizations', '200'], name: 'CreateApplicationUser', to: ['post', USERS], parameters: fromOrgBody },
  { from: ['post', '/v1/organizations', '200'], name: 'ListApplicationUsers', to: ['get', USERS], parameters: fromOrgBody },
  { from: ['post', '/v1/organizations', '200'], name: 'DeleteOrganization', to: ['delete', ORG], parameters: fromOrgBody },
  { from: ['post', '/v1/account', '200'], name: 'GetAccount', to: ['get', '/v1/account/{account_id}'], parameters: { account_id: '$response.body#/account/account_id' } },
  { from: ['post', '/v1/account', '200'], name: 'UpdateAccount', to: ['put', '/v1/account/{account_id}'], parameters: { account_id: '$response.body#/account/account_id' } },
  { from: ['post', USERS, '200'], name: 'GetApplicationUser', to: ['get', USER], parameters: fromUserBody },
  { from: ['post', USERS, '200'], name: 'UpdateApplicationUser', to: ['patch', USER], parameters: fromUserBody },
  { from: ['post', USERS, '200'], name: 'CreateAccessToken', to: ['post', TOKENS], parameters: fromUserBody },
  { from: ['post', USERS, '200'], name: 'ListAccessTokens', to: ['get', TOKENS], parameters: fromUserBody },
  { from: ['post', USERS, '200'], name: 'DeleteApplicationUser', to: ['delete', USER], parameters: fromUserBody },
  {
    from: ['post', TOKENS, '200'],
    name: 'ListAccessTokens',
    to: ['get', TOKENS],
    parameters: { organization_id: '$request.path.organization_id', user_id: '$request.path.user_id' },
  },
  { from: ['post', TOKENS, '200'], name: 'RevokeAccessToken', to: ['delete', TOKEN], parameters: fromTokenBody },
];

/** Gives every operation an operationId (unless it has one) and adds the links between them. */
export function addOperationIdsAndLinks<T extends object>(document: T): T {
  const paths = ((document as { paths?: Paths }).paths ?? {}) as Paths;
  for (const [path, operations] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(operations ?? {})) {
      if (typeof operation === 'object' && operation !== null && !operation.operationId) operation.operationId = operationIdFor(method, path);
    }
  }
  for (const link of LINKS) {
    const [method, path, status] = link.from;
    const response = paths[path]?.[method]?.responses?.[status];
    const target = paths[link.to[1]]?.[link.to[0]];
    if (!response || !target?.operationId) continue;
    response.links = { ...response.links, [link.name]: { operationId: target.operationId, parameters: link.parameters } };
  }
  return document;
}
