// The tokens of an application user: every column of the API, sorted and filtered, with last use
// refreshed live (polling) while the page is open; create, revoke and (when the server offers it)
// rotate.
import { useState } from 'preact/hooks';
import { apiPath } from '../api/client.ts';
import type { ApplicationUser, CreatedToken, CreateTokenRequest, Organization, Token } from '../api/types.ts';
import { useSession } from '../session-context.ts';
import { useLoader } from '../use-loader.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { Breadcrumbs } from '../components/Breadcrumbs.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { FormDialog } from '../components/FormDialog.tsx';
import { NewTokenSecret } from '../components/NewTokenSecret.tsx';
import { Time } from '../components/Time.tsx';
import { CreateTokenForm } from './CreateTokenForm.tsx';
import { FILTER_LABELS, SORT_LABELS, sortAndFilter, type TokenFilter, type TokenSort } from '../tokens/filter.ts';
import { duration } from '../format/time.ts';

/** How often the list (and so its last-use columns) is re-read while the page is visible. */
export const LAST_USE_REFRESH_MS = 3000;

const GRACE_PRESETS = [
  { seconds: 0, label: 'None: the old token stops at once' },
  { seconds: 300, label: '5 minutes' },
  { seconds: 3600, label: '1 hour' },
  { seconds: 86400, label: '1 day' },
];

type Dialog = { kind: 'revoke'; token: Token } | { kind: 'rotate'; token: Token };

export function Tokens({ organizationId, userId }: { organizationId: string; userId: string }) {
  const { api, rights, capabilities, signOut } = useSession();
  const org = apiPath`/v1/organization/${organizationId}`;
  const userPath = `${org}/application-users/${encodeURIComponent(userId)}`;
  const organization = useLoader(() => api.get<Organization>(org), [organizationId]);
  const user = useLoader(() => api.get<ApplicationUser>(userPath), [userPath]);
  const tokens = useLoader(() => api.get<{ tokens: Token[] }>(`${userPath}/access-tokens`).then((r) => r.tokens), [userPath], LAST_USE_REFRESH_MS);
  const [filter, setFilter] = useState<TokenFilter>('all');
  const [sort, setSort] = useState<TokenSort>('created');
  const [descending, setDescending] = useState(true);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ created: CreatedToken; heading: string }>();
  const [dialog, setDialog] = useState<Dialog>();
  const [dialogError, setDialogError] = useState<string>();
  const [grace, setGrace] = useState(3600);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');

  const orgName = organization.data?.organization_name ?? organizationId;
  const userName = user.data?.name ?? userId;
  const now = tokens.loadedAt || Date.now();
  const shown = tokens.data ? sortAndFilter(tokens.data, filter, sort, descending, now) : [];

  async function create(request: CreateTokenRequest): Promise<CreatedToken> {
    const created = await api.post<CreatedToken>(`${userPath}/access-tokens`, request);
    setCreating(false);
    setSecret({ created, heading: `Token created: ${request.description || created.token_prefix}` });
    await tokens.reload();
    return created;
  }

  async function confirm() {
    if (!dialog) return;
    setBusy(true);
    setDialogError(undefined);
    const { token } = dialog;
    const path = `${userPath}/access-tokens/${encodeURIComponent(token.token_prefix)}`;
    try {
      if (dialog.kind === 'revoke') {
        await api.delete(path);
        if (token.currently_active) return signOut('You revoked the token this session was signed in with, so you are signed out.');
        await tokens.reload();
        setDialog(undefined);
        setStatus(`Token ${token.description || token.token_prefix} (${token.token_prefix}) revoked.`);
        return;
      } else {
        const created = await api.post<CreatedToken>(`${path}/rotate`, { grace_seconds: grace });
        setDialog(undefined);
        setSecret({
          created,
          heading: `Token rotated: ${token.description || token.token_prefix}. ${grace > 0 ? `The old token works for ${duration(grace)} more.` : 'The old token no longer works.'}`,
        });
      }
      await tokens.reload();
    } catch (failure) {
      setDialogError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Breadcrumbs trail={[{ label: 'Organizations', route: { page: 'home' } }, { label: orgName, route: { page: 'users', organizationId } }, { label: userName }]} />
      <PageHeading>Tokens of {userName}</PageHeading>
      {user.data && (
        <p class="sub">
          <span class="mono">{user.data.user_email}</span>
          {user.data.is_super_admin && <span class="badge admin">Super admin</span>}
        </p>
      )}
      {user.error && <p class="error" role="alert">{user.error}</p>}

      {secret && <NewTokenSecret created={secret.created} heading={secret.heading} onDone={() => setSecret(undefined)} />}
      {rights.write && !creating && !secret && (
        <button type="button" class="primary" onClick={() => setCreating(true)}>Create token</button>
      )}
      {creating && <CreateTokenForm onCreate={create} onCancel={() => setCreating(false)} />}
      <p role="status" class="status">{status}</p>

      <div class="toolbar" role="group" aria-label="Sort and filter">
        <div class="field">
          <label for="token-filter">Show</label>
          <select id="token-filter" value={filter} onChange={(e) => setFilter(e.currentTarget.value as TokenFilter)}>
            {(Object.keys(FILTER_LABELS) as TokenFilter[]).map((key) => (
              <option key={key} value={key}>{FILTER_LABELS[key]}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="token-sort">Sort by</label>
          <select id="token-sort" value={sort} onChange={(e) => setSort(e.currentTarget.value as TokenSort)}>
            {(Object.keys(SORT_LABELS) as TokenSort[]).map((key) => (
              <option key={key} value={key}>{SORT_LABELS[key]}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="token-order">Order</label>
          <select id="token-order" value={descending ? 'desc' : 'asc'} onChange={(e) => setDescending(e.currentTarget.value === 'desc')}>
            <option value="desc">{sort === 'description' ? 'Z to A' : 'Latest first'}</option>
            <option value="asc">{sort === 'description' ? 'A to Z' : 'Earliest first'}</option>
          </select>
        </div>
      </div>
      <p class="help">
        Last use refreshes every {LAST_USE_REFRESH_MS / 1000} seconds
        {tokens.loadedAt > 0 && (
          <>
            {' '}(read at <time dateTime={new Date(tokens.loadedAt).toISOString()}>{new Date(tokens.loadedAt).toLocaleTimeString('en')}</time>)
          </>
        )}
        .
      </p>
      {tokens.error && <p class="error" role="alert">{tokens.error}</p>}
      {!tokens.data && !tokens.error && <p role="status">Loading tokens…</p>}
      {tokens.data && (
        <div class="table-wrap">
          <table class="cards tokens">
            <caption>
              {shown.length === tokens.data.length ? `${tokens.data.length} live ${tokens.data.length === 1 ? 'token' : 'tokens'}` : `${shown.length} of ${tokens.data.length} live tokens (${FILTER_LABELS[filter].toLowerCase()})`}
            </caption>
            <thead>
              <tr>
                <th scope="col">Description</th>
                <th scope="col">Prefix</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">Last IP</th>
                <th scope="col">Client</th>
                <th scope="col">Scopes</th>
                <th scope="col">IP allowlist</th>
                {rights.write && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {shown.length === 0 && (
                <tr>
                  <td colSpan={rights.write ? 10 : 9}>{tokens.data.length === 0 ? 'This user has no live tokens.' : 'No token matches this filter.'}</td>
                </tr>
              )}
              {shown.map((token) => (
                <tr key={token.token_prefix} class={token.currently_active ? 'current' : undefined}>
                  <th scope="row" data-label="Description">
                    {token.description || <span class="muted">no description</span>}
                    {token.currently_active && <span class="badge current-badge" title="The token this console session is signed in with">This session</span>}
                  </th>
                  <td data-label="Prefix" class="mono">{token.token_prefix}</td>
                  <td data-label="Created">
                    <Time iso={token.create_time} now={now} />
                    {token.created_by && (
                      <span class="sub">
                        by <span class="mono">{token.created_by}</span>
                        {token.created_by_token_prefix && <> with <span class="mono">{token.created_by_token_prefix}</span></>}
                      </span>
                    )}
                  </td>
                  <td data-label="Expires">
                    {token.expiry_time === null ? (
                      <span class="badge never">Never expires</span>
                    ) : (
                      <Time iso={token.expiry_time} now={now} />
                    )}
                    {token.extend_when_used && <span class="sub">extended on use{token.max_age_seconds ? ` (${duration(token.max_age_seconds)})` : ''}</span>}
                    {token.rotated_to && <span class="sub">rotated: replaced by <span class="mono">{token.rotated_to}</span></span>}
                  </td>
                  <td data-label="Last used">{token.last_used_time ? <Time iso={token.last_used_time} now={now} both={false} /> : <span class="muted">never</span>}</td>
                  <td data-label="Last IP" class="mono">{token.last_ip ?? <span class="muted">—</span>}</td>
                  <td data-label="Client" title={token.last_user_agent ?? undefined}>{token.last_user_agent_human_readable ?? <span class="muted">—</span>}</td>
                  <td data-label="Scopes">{token.scopes === null ? <span class="muted">all of the user’s rights</span> : token.scopes.length === 0 ? 'none (allows nothing)' : <List items={token.scopes} />}</td>
                  <td data-label="IP allowlist">{token.ip_allowlist == null ? <span class="muted">any address</span> : token.ip_allowlist.length === 0 ? <span class="muted">no address (refused everywhere)</span> : <List items={token.ip_allowlist} />}</td>
                  {rights.write && (
                    <td data-label="Actions" class="actions-cell">
                      {capabilities.rotation && !token.rotated_to && (
                        <button type="button" onClick={() => { setDialogError(undefined); setDialog({ kind: 'rotate', token }); }} aria-label={`Rotate token ${token.description || token.token_prefix}`}>
                          Rotate
                        </button>
                      )}
                      <button type="button" class="danger" onClick={() => { setDialogError(undefined); setDialog({ kind: 'revoke', token }); }} aria-label={`Revoke token ${token.description || token.token_prefix}`}>
                        Revoke
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {dialog?.kind === 'revoke' && (
        <ConfirmDialog
          title={`Revoke token ${dialog.token.description || dialog.token.token_prefix}?`}
          confirmLabel="Revoke token"
          busy={busy}
          error={dialogError}
          onClose={() => setDialog(undefined)}
          onConfirm={confirm}
        >
          <p>
            Token <span class="mono">{dialog.token.token_prefix}</span> of {userName} stops working at once: anything using it gets 401. This cannot be undone.
          </p>
          {dialog.token.currently_active && <p class="warning">This is the token you are signed in with: revoking it signs you out.</p>}
        </ConfirmDialog>
      )}
      {dialog?.kind === 'rotate' && (
        <FormDialog
          title={`Rotate token ${dialog.token.description || dialog.token.token_prefix}?`}
          submitLabel="Rotate token"
          busy={busy}
          error={dialogError}
          onClose={() => setDialog(undefined)}
          onSubmit={confirm}
        >
          <p>A new token with the same settings replaces <span class="mono">{dialog.token.token_prefix}</span>. Its full value is shown once.</p>
          <div class="field">
            <label for="rotate-grace">Grace period for the old token</label>
            <select id="rotate-grace" value={String(grace)} onChange={(e) => setGrace(Number(e.currentTarget.value))}>
              {GRACE_PRESETS.map((preset) => (
                <option key={preset.seconds} value={String(preset.seconds)}>{preset.label}</option>
              ))}
            </select>
          </div>
        </FormDialog>
      )}
    </>
  );
}

function List({ items }: { items: string[] }) {
  return (
    <ul class="plain mono">
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}
