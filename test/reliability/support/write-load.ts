// A concurrent write load on a Tessera server that remembers exactly what the server acknowledged, so a
// test can later check that every acknowledged write survived (a crash, a backup, a restore).
//
//   const load = new WriteLoad(() => url, adminToken, { clients: 4 });
//   load.start();  …  await load.stop();
//   const lost = await load.verify(url);          // [] when every acknowledged write is there
//
// Each client owns its organizations and works on them one request at a time, so for every object the
// last acknowledged state is known, and at most one request per client was in flight (unacknowledged)
// when the server died: its outcome may go either way, and verify() accepts both.
// Operations: create organization, rename it, create user, create token, revoke token, delete user.

export interface Ack {
  /** Date.now() when the 2xx answer arrived. */
  at: number;
}

interface OrgState {
  id: string;
  /** Names the organization may have now: the last acknowledged, plus one sent but unanswered. */
  names: Set<string>;
  lastAckedName: string;
  /** When its creation was acknowledged (organizations are never deleted, so it exists from then on). */
  createdAt: number;
  /** When its last write (creation or rename) was acknowledged. */
  ackedAt: number;
}
interface UserState {
  orgId: string;
  userId: string;
  deleted: 'no' | 'maybe' | 'yes';
  ackedAt: number;
  deletedAt?: number;
}
interface TokenState {
  user: UserState;
  prefix: string;
  fullToken: string;
  revoked: 'no' | 'maybe' | 'yes';
  ackedAt: number;
  revokedAt?: number;
}

export interface Lost {
  what: string;
  ackedAt: number;
}

export interface VerifyResult {
  /** Acknowledged creations or renames that are not there. */
  lost: Lost[];
  /** Acknowledged revocations (or user deletions) whose token authenticates again. */
  undone: Lost[];
  checked: number;
}

type Call = (method: string, path: string, body?: unknown, token?: string) => Promise<{ status: number; body: any }>;

export function apiClient(baseUrl: () => string, adminToken: string, timeoutMs = 10_000): Call {
  return async (method, path, body, token = adminToken) => {
    const response = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: { authorization: `aivenv1 ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed };
  };
}

export class WriteLoad {
  readonly orgs: OrgState[] = [];
  readonly users: UserState[] = [];
  readonly tokens: TokenState[] = [];
  acknowledged = 0;
  failed = 0;
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly call: Call;
  private sequence = 0;

  constructor(
    baseUrl: () => string,
    adminToken: string,
    private readonly options: { clients?: number; pauseMs?: number } = {},
  ) {
    this.call = apiClient(baseUrl, adminToken, 5_000);
  }

  start(): void {
    this.running = true;
    for (let i = 0; i < (this.options.clients ?? 4); i++) this.loops.push(this.client(i));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    this.loops = [];
  }

  /** Writes acknowledged at or before `time` (Date.now()). */
  acknowledgedBefore(time: number): number {
    return [...this.orgs, ...this.users, ...this.tokens].filter((x) => x.ackedAt <= time).length;
  }

  private async client(index: number): Promise<void> {
    const mine = { orgs: [] as OrgState[], users: [] as UserState[], tokens: [] as TokenState[] };
    while (this.running) {
      try {
        await this.step(index, mine);
      } catch {
        // connection refused or reset while the server is down: that request was not acknowledged
        this.failed++;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      if (this.options.pauseMs) await new Promise((resolve) => setTimeout(resolve, this.options.pauseMs));
    }
  }

  private async step(index: number, mine: { orgs: OrgState[]; users: UserState[]; tokens: TokenState[] }): Promise<void> {
    const n = ++this.sequence;
    const liveUsers = mine.users.filter((u) => u.deleted === 'no');
    const liveTokens = mine.tokens.filter((t) => t.revoked === 'no' && t.user.deleted === 'no');
    const roll = Math.random();
    if (mine.orgs.length === 0 || roll < 0.12) {
      const name = `c${index}-org-${n}`;
      const res = await this.call('POST', '/v1/organizations', { organization_name: name });
      if (res.status === 200 || res.status === 201) {
        const now = Date.now();
        const org = { id: res.body.organization_id as string, names: new Set([name]), lastAckedName: name, createdAt: now, ackedAt: now };
        mine.orgs.push(org);
        this.orgs.push(org);
        this.acknowledged++;
      } else this.failed++;
      return;
    }
    const org = mine.orgs[Math.floor(Math.random() * mine.orgs.length)];
    if (roll < 0.25) {
      const name = `c${index}-renamed-${n}`;
      org.names.add(name); // in flight: may or may not be applied if the server dies now
      const res = await this.call('PATCH', `/v1/organization/${org.id}`, { name });
      if (res.status === 200) {
        org.names = new Set([name]);
        org.lastAckedName = name;
        org.ackedAt = Date.now();
        this.acknowledged++;
      } else this.failed++;
      return;
    }
    if (liveUsers.length === 0 || roll < 0.4) {
      const res = await this.call('POST', `/v1/organization/${org.id}/application-users`, { name: `user-${n}` });
      if (res.status === 200 || res.status === 201) {
        const user: UserState = { orgId: org.id, userId: res.body.user_id, deleted: 'no', ackedAt: Date.now() };
        mine.users.push(user);
        this.users.push(user);
        this.acknowledged++;
      } else this.failed++;
      return;
    }
    const user = liveUsers[Math.floor(Math.random() * liveUsers.length)];
    const tokensPath = `/v1/organization/${user.orgId}/application-users/${user.userId}/access-tokens`;
    if (liveTokens.length === 0 || roll < 0.7) {
      const res = await this.call('POST', tokensPath, { description: `load ${n}` });
      if (res.status === 200 || res.status === 201) {
        const token: TokenState = { user, prefix: res.body.token_prefix, fullToken: res.body.full_token, revoked: 'no', ackedAt: Date.now() };
        mine.tokens.push(token);
        this.tokens.push(token);
        this.acknowledged++;
      } else this.failed++;
      return;
    }
    if (roll < 0.93) {
      const token = liveTokens[Math.floor(Math.random() * liveTokens.length)];
      token.revoked = 'maybe';
      const res = await this.call(
        'DELETE',
        `/v1/organization/${token.user.orgId}/application-users/${token.user.userId}/access-tokens/${encodeURIComponent(token.prefix)}`,
      );
      if (res.status === 204) {
        token.revoked = 'yes';
        token.revokedAt = Date.now();
        this.acknowledged++;
      } else this.failed++;
      return;
    }
    user.deleted = 'maybe';
    const res = await this.call('DELETE', `/v1/organization/${user.orgId}/application-users/${user.userId}`);
    if (res.status === 204) {
      user.deleted = 'yes';
      user.deletedAt = Date.now();
      this.acknowledged++;
    } else this.failed++;
  }

  /**
   * Checks the server at `url` holds every write acknowledged at or before `until` (default: all):
   * organizations with their last acknowledged (or in-flight) name, users not deleted, live tokens that
   * authenticate, and revoked tokens (or tokens of deleted users) that do not.
   */
  async verify(url: string, adminToken: string, until = Infinity): Promise<VerifyResult> {
    const call = apiClient(() => url, adminToken);
    const lost: Lost[] = [];
    const undone: Lost[] = [];
    let checked = 0;
    const listed = await call('GET', '/v1/organizations');
    const byId = new Map<string, string>((listed.body.organizations as any[]).map((o) => [o.organization_id, o.organization_name]));
    // an organization created by `until` must be there, even if renamed since (its name is checked only
    // when everything acknowledged must be there)
    for (const org of this.orgs.filter((o) => o.createdAt <= until)) {
      checked++;
      const name = byId.get(org.id);
      if (name === undefined) lost.push({ what: `organization ${org.id}`, ackedAt: org.ackedAt });
      else if (until === Infinity ? !org.names.has(name) : false) {
        lost.push({ what: `organization ${org.id} is named ${name}, acknowledged ${org.lastAckedName}`, ackedAt: org.ackedAt });
      }
    }
    for (const user of this.users.filter((u) => u.ackedAt <= until && u.deleted === 'no')) {
      checked++;
      const res = await call('GET', `/v1/organization/${user.orgId}/application-users/${user.userId}`);
      if (res.status !== 200) lost.push({ what: `user ${user.userId} (${res.status})`, ackedAt: user.ackedAt });
    }
    for (const token of this.tokens.filter((t) => t.ackedAt <= until)) {
      checked++;
      const status = (await call('GET', '/v1/me', undefined, token.fullToken)).status;
      // gone by `until`: revoked, or its user deleted, with the answer back by then
      const goneAt = Math.min(token.revokedAt ?? Infinity, token.user.deletedAt ?? Infinity);
      const mayBeGone = goneAt < Infinity || token.revoked !== 'no' || token.user.deleted !== 'no';
      if (goneAt !== Infinity && goneAt <= until) {
        if (status !== 401) undone.push({ what: `revoked token ${token.prefix} answers ${status}`, ackedAt: goneAt });
      } else if (!mayBeGone && status !== 200) {
        lost.push({ what: `token ${token.prefix} answers ${status}`, ackedAt: token.ackedAt });
      }
    }
    return { lost, undone, checked };
  }
}
