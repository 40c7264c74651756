/**
 * The typed client for the token service API (and any Aiven-compatible API). The provider and the CLI
 * use it; so can anyone else:
 *
 *   const client = new AivenClient({ baseUrl: 'http://127.0.0.1:8080', token: process.env.AIVEN_TOKEN });
 *   const org = await client.createOrganization({ organization_name: 'acme' });
 *   const user = await client.createApplicationUser(org.organization_id, { name: 'ci' });
 *   const { full_token } = await client.createApplicationUserToken(org.organization_id, user.user_id, {});
 *
 * Every method takes `{ signal, deadline }` last; errors from the server are {@link AivenApiError}s.
 */
import { Transport, type RequestOptions, type TransportOptions } from './transport.js';
import type {
  Account,
  ApplicationUser,
  ApplicationUserToken,
  CreateAccountRequest,
  CreateApplicationUserRequest,
  CreateApplicationUserTokenRequest,
  CreateOrganizationRequest,
  CreatedApplicationUserToken,
  EventsPage,
  IdempotentTokenCreate,
  IntrospectionResponse,
  ListEventsRequest,
  ListInstanceEventsRequest,
  MeResponse,
  Organization,
  RotateApplicationUserTokenRequest,
  RotatedApplicationUserToken,
  UpdateAccountRequest,
  UpdateApplicationUserRequest,
  UpdateOrganizationRequest,
} from './types.js';

export type AivenClientOptions = TransportOptions;

/** Percent-encodes one path segment (token prefixes may contain `/`, `+` and other reserved characters). */
const seg = (value: string): string => encodeURIComponent(value);

export class AivenClient {
  private readonly http: Transport;

  constructor(options: AivenClientOptions) {
    this.http = new Transport(options);
  }

  // ---- organizations (organization API) ------------------------------------------------------------

  createOrganization(body: CreateOrganizationRequest, o?: RequestOptions): Promise<Organization> {
    return this.http.request('POST', '/v1/organizations', body, o);
  }

  async listOrganizations(o?: RequestOptions): Promise<Organization[]> {
    const res = await this.http.request<{ organizations: Organization[] }>('GET', '/v1/organizations', undefined, o);
    return res.organizations;
  }

  getOrganization(organizationId: string, o?: RequestOptions): Promise<Organization> {
    return this.http.request('GET', `/v1/organization/${seg(organizationId)}`, undefined, o);
  }

  updateOrganization(organizationId: string, body: UpdateOrganizationRequest, o?: RequestOptions): Promise<Organization> {
    return this.http.request('PATCH', `/v1/organization/${seg(organizationId)}`, body, o);
  }

  async deleteOrganization(organizationId: string, o?: RequestOptions): Promise<void> {
    await this.http.request('DELETE', `/v1/organization/${seg(organizationId)}`, undefined, o);
  }

  // ---- accounts (the older view of organizations) ---------------------------------------------------

  async createAccount(body: CreateAccountRequest, o?: RequestOptions): Promise<Account> {
    return (await this.http.request<{ account: Account }>('POST', '/v1/account', body, o)).account;
  }

  async listAccounts(o?: RequestOptions): Promise<Account[]> {
    return (await this.http.request<{ accounts: Account[] }>('GET', '/v1/account', undefined, o)).accounts;
  }

  async getAccount(accountId: string, o?: RequestOptions): Promise<Account> {
    return (await this.http.request<{ account: Account }>('GET', `/v1/account/${seg(accountId)}`, undefined, o)).account;
  }

  async updateAccount(accountId: string, body: UpdateAccountRequest, o?: RequestOptions): Promise<Account> {
    return (await this.http.request<{ account: Account }>('PUT', `/v1/account/${seg(accountId)}`, body, o)).account;
  }

  async deleteAccount(accountId: string, o?: RequestOptions): Promise<void> {
    await this.http.request('DELETE', `/v1/account/${seg(accountId)}`, undefined, o);
  }

  // ---- application users ----------------------------------------------------------------------------

  createApplicationUser(
    organizationId: string,
    body: CreateApplicationUserRequest,
    o?: RequestOptions,
  ): Promise<ApplicationUser> {
    return this.http.request('POST', `/v1/organization/${seg(organizationId)}/application-users`, body, o);
  }

  async listApplicationUsers(organizationId: string, o?: RequestOptions): Promise<ApplicationUser[]> {
    const path = `/v1/organization/${seg(organizationId)}/application-users`;
    return (await this.http.request<{ application_users: ApplicationUser[] }>('GET', path, undefined, o))
      .application_users;
  }

  getApplicationUser(organizationId: string, userId: string, o?: RequestOptions): Promise<ApplicationUser> {
    return this.http.request('GET', userPath(organizationId, userId), undefined, o);
  }

  updateApplicationUser(
    organizationId: string,
    userId: string,
    body: UpdateApplicationUserRequest,
    o?: RequestOptions,
  ): Promise<ApplicationUser> {
    return this.http.request('PATCH', userPath(organizationId, userId), body, o);
  }

  async deleteApplicationUser(organizationId: string, userId: string, o?: RequestOptions): Promise<void> {
    await this.http.request('DELETE', userPath(organizationId, userId), undefined, o);
  }

  // ---- application-user tokens ----------------------------------------------------------------------

  createApplicationUserToken(
    organizationId: string,
    userId: string,
    body: CreateApplicationUserTokenRequest,
    o?: RequestOptions,
  ): Promise<CreatedApplicationUserToken> {
    return this.http.request('POST', `${userPath(organizationId, userId)}/access-tokens`, body, o);
  }

  /**
   * Creates a token with an `Idempotency-Key` (e.g. a random UUID). Asking again with the same key
   * after a lost answer tells whether the first request created a token, and which one.
   */
  async createApplicationUserTokenWithKey(
    organizationId: string,
    userId: string,
    body: CreateApplicationUserTokenRequest,
    idempotencyKey: string,
    o?: RequestOptions,
  ): Promise<IdempotentTokenCreate> {
    const answer = await this.http.exchangeJson<CreatedApplicationUserToken & Partial<ApplicationUserToken>>(
      'POST',
      `${userPath(organizationId, userId)}/access-tokens`,
      body,
      o,
      { 'idempotency-key': idempotencyKey },
    );
    if (answer.header('idempotent-replayed') === 'true' || typeof answer.body.full_token !== 'string') {
      return { outcome: 'replayed', token: answer.body as unknown as ApplicationUserToken };
    }
    return { outcome: 'created', token: answer.body, keyHonoured: answer.header('idempotency-key') === idempotencyKey };
  }

  async listApplicationUserTokens(
    organizationId: string,
    userId: string,
    o?: RequestOptions,
  ): Promise<ApplicationUserToken[]> {
    const path = `${userPath(organizationId, userId)}/access-tokens`;
    return (await this.http.request<{ tokens: ApplicationUserToken[] }>('GET', path, undefined, o)).tokens;
  }

  /** The listed token with this prefix, or undefined when it is gone (deleted, revoked or expired). */
  async findApplicationUserToken(
    organizationId: string,
    userId: string,
    tokenPrefix: string,
    o?: RequestOptions,
  ): Promise<ApplicationUserToken | undefined> {
    const tokens = await this.listApplicationUserTokens(organizationId, userId, o);
    return tokens.find((t) => t.token_prefix === tokenPrefix);
  }

  async deleteApplicationUserToken(
    organizationId: string,
    userId: string,
    tokenPrefix: string,
    o?: RequestOptions,
  ): Promise<void> {
    await this.http.request('DELETE', `${userPath(organizationId, userId)}/access-tokens/${seg(tokenPrefix)}`, undefined, o);
  }

  /**
   * Replaces a token by a new one with the same settings (answered with its `full_token`); the old one
   * keeps working for `grace_seconds` (default 3600), then stops. A token rotated before: 409.
   */
  rotateApplicationUserToken(
    organizationId: string,
    userId: string,
    tokenPrefix: string,
    body: RotateApplicationUserTokenRequest = {},
    o?: RequestOptions,
  ): Promise<RotatedApplicationUserToken> {
    return this.http.request('POST', `${userPath(organizationId, userId)}/access-tokens/${seg(tokenPrefix)}/rotate`, body, o);
  }

  /**
   * Revokes `token` itself (RFC 7009 shape; no other credential needed, e.g. for a leaked token). The
   * server answers the same whether or not the token existed.
   */
  async revokeToken(token: string, o?: RequestOptions): Promise<void> {
    await this.http.request('POST', '/v1/token/revoke', { token }, o);
  }

  // ---- audit events ---------------------------------------------------------------------------------

  /** One page of an organization's audit events, oldest first. */
  listEvents(organizationId: string, query: ListEventsRequest = {}, o?: RequestOptions): Promise<EventsPage> {
    return this.http.request('GET', `/v1/organization/${seg(organizationId)}/events${eventsSearch(query)}`, undefined, o);
  }

  /**
   * One page of the whole instance's audit events, oldest first (instance admin only): every
   * organization's, deleted ones' too, and the events of none (admin_token.rotated).
   */
  listInstanceEvents(query: ListInstanceEventsRequest = {}, o?: RequestOptions): Promise<EventsPage> {
    return this.http.request('GET', `/v1/events${eventsSearch(query)}`, undefined, o);
  }

  /** Every event after `after` (all pages, oldest first). */
  async listAllEvents(organizationId: string, query: Omit<ListEventsRequest, 'limit'> = {}, o?: RequestOptions): Promise<EventsPage> {
    const events: EventsPage['events'] = [];
    let cursor = query.after ?? null;
    for (;;) {
      const page = await this.listEvents(organizationId, { ...query, after: cursor ?? undefined, limit: 1000 }, o);
      events.push(...page.events);
      cursor = page.next_cursor;
      if (page.events.length < 1000) return { events, next_cursor: cursor };
    }
  }

  // ---- the caller and introspection -----------------------------------------------------------------

  me(o?: RequestOptions): Promise<MeResponse> {
    return this.http.request('GET', '/v1/me', undefined, o);
  }

  /** RFC 7662 introspection of `token`; the client's own token authenticates the call. */
  introspectToken(token: string, o?: RequestOptions): Promise<IntrospectionResponse> {
    return this.http.request('POST', '/v1/token/introspect', { token }, o);
  }
}

function userPath(organizationId: string, userId: string): string {
  return `/v1/organization/${seg(organizationId)}/application-users/${seg(userId)}`;
}

/** An events query as a query string ('' when empty); undefined values are left out. */
function eventsSearch(query: ListInstanceEventsRequest): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  return params.size > 0 ? `?${params}` : '';
}
