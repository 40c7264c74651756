// The application users of an organization: create, rename, make or unmake super admin, and delete
// (the confirmation names the tokens that go with the user).
import { useState } from 'preact/hooks';
import { apiPath } from '../api/client.ts';
import type { ApplicationUser, Organization, Token } from '../api/types.ts';
import { useSession } from '../session-context.ts';
import { useLoader } from '../use-loader.ts';
import { href } from '../router.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { Breadcrumbs } from '../components/Breadcrumbs.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { FormDialog } from '../components/FormDialog.tsx';
import { Time } from '../components/Time.tsx';

type Dialog =
  | { kind: 'rename'; user: ApplicationUser }
  | { kind: 'delete'; user: ApplicationUser; tokens?: Token[] }
  | { kind: 'demote-self'; user: ApplicationUser };

export function Users({ organizationId }: { organizationId: string }) {
  const { api, rights, me, capabilities, signOut } = useSession();
  const base = apiPath`/v1/organization/${organizationId}`;
  const organization = useLoader(() => api.get<Organization>(base), [organizationId]);
  const users = useLoader(
    () => api.get<{ application_users: ApplicationUser[] }>(`${base}/application-users`).then((r) => r.application_users),
    [organizationId],
  );
  const [dialog, setDialog] = useState<Dialog>();
  const [dialogError, setDialogError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string>();
  const name = organization.data?.organization_name ?? organizationId;
  const now = Date.now();

  function open(next: Dialog | undefined) {
    setDialogError(undefined);
    setDialog(next);
  }

  async function act(action: () => Promise<string>) {
    setBusy(true);
    setError(undefined);
    try {
      const done = await action();
      // the list first, so that a closing dialog sees whether its opener's row is still there
      await users.reload();
      open(undefined);
      setStatus(done);
    } catch (failure) {
      if (dialog) setDialogError((failure as Error).message);
      else setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  }

  async function openDelete(user: ApplicationUser) {
    open({ kind: 'delete', user });
    try {
      const { tokens } = await api.get<{ tokens: Token[] }>(`${base}/application-users/${encodeURIComponent(user.user_id)}/access-tokens`);
      setDialog((current) => (current?.kind === 'delete' && current.user.user_id === user.user_id ? { ...current, tokens } : current));
    } catch (failure) {
      setDialogError(`Its tokens could not be listed: ${(failure as Error).message}`);
    }
  }

  return (
    <>
      <Breadcrumbs trail={[{ label: 'Organizations', route: { page: 'home' } }, { label: name }]} />
      <PageHeading>{name}: application users</PageHeading>
      {capabilities.auditTrail && (
        <p>
          <a href={href({ page: 'events', organizationId })}>Audit trail of {name}</a>
        </p>
      )}
      {rights.write && <CreateUser base={base} onCreated={(user) => { setStatus(`Application user ${user.name} created.`); return users.reload(); }} />}
      <p role="status" class="status">{status}</p>
      {(users.error || error) && <p class="error" role="alert">{error ?? users.error}</p>}
      {!users.data && !users.error && <p role="status">Loading application users…</p>}
      {users.data && users.data.length === 0 && <p>This organization has no application users yet.</p>}
      {users.data && users.data.length > 0 && (
        <div class="table-wrap">
          <table class="cards">
            <caption>{users.data.length === 1 ? '1 application user' : `${users.data.length} application users`}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Super admin</th>
                <th scope="col">Created</th>
                {rights.write && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {users.data.map((user) => (
                <tr key={user.user_id}>
                  <th scope="row" data-label="Name">
                    <a href={href({ page: 'tokens', organizationId, userId: user.user_id })}>{user.name}</a>
                    {user.user_id === me.user_id && <span class="badge">you</span>}
                    <span class="sub mono">{user.user_id}</span>
                  </th>
                  <td data-label="Email" class="mono">{user.user_email}</td>
                  <td data-label="Super admin">{user.is_super_admin ? <span class="badge admin">Super admin</span> : 'No'}</td>
                  <td data-label="Created"><Time iso={user.create_time} now={now} both={false} /></td>
                  {rights.write && (
                    <td data-label="Actions" class="actions-cell">
                      <button type="button" onClick={() => open({ kind: 'rename', user })} aria-label={`Rename ${user.name}`}>Rename</button>
                      <button
                        type="button"
                        disabled={busy}
                        aria-label={`${user.is_super_admin ? 'Remove super admin from' : 'Make super admin:'} ${user.name}`}
                        onClick={() =>
                          user.user_id === me.user_id && user.is_super_admin
                            ? open({ kind: 'demote-self', user })
                            : act(async () => {
                                await api.patch(`${base}/application-users/${encodeURIComponent(user.user_id)}`, { name: user.name, is_super_admin: !user.is_super_admin });
                                return `${user.name} is ${user.is_super_admin ? 'no longer' : 'now'} a super admin.`;
                              })
                        }
                      >
                        {user.is_super_admin ? 'Remove super admin' : 'Make super admin'}
                      </button>
                      <button type="button" class="danger" onClick={() => openDelete(user)} aria-label={`Delete ${user.name}`}>Delete</button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {dialog?.kind === 'rename' && (
        <RenameDialog
          user={dialog.user}
          busy={busy}
          error={dialogError}
          onClose={() => open(undefined)}
          onRename={(newName) =>
            act(async () => {
              await api.patch(`${base}/application-users/${encodeURIComponent(dialog.user.user_id)}`, { name: newName });
              return `${dialog.user.name} renamed to ${newName}.`;
            })
          }
        />
      )}
      {dialog?.kind === 'demote-self' && (
        <ConfirmDialog
          title="Remove your own super admin rights?"
          confirmLabel="Remove my super admin rights"
          busy={busy}
          error={dialogError}
          onClose={() => open(undefined)}
          onConfirm={() =>
            api.patch(`${base}/application-users/${encodeURIComponent(dialog.user.user_id)}`, { name: dialog.user.name, is_super_admin: false }).then(
              () => signOut('You removed your own super admin rights, so you are signed out. Signed in again, you will see what you may still do.'),
              (failure: Error) => setDialogError(failure.message),
            )
          }
        >
          <p>
            You are signed in as <strong>{dialog.user.name}</strong>. Without super admin rights it can no longer see or manage this
            organization, so the console signs you out.
          </p>
        </ConfirmDialog>
      )}
      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          title={`Delete application user ${dialog.user.name}?`}
          confirmLabel={`Delete ${dialog.user.name} and its tokens`}
          busy={busy || !dialog.tokens}
          error={dialogError}
          onClose={() => open(undefined)}
          onConfirm={async () => {
            if (dialog.user.user_id === me.user_id) {
              await api.delete(`${base}/application-users/${encodeURIComponent(dialog.user.user_id)}`).then(
                () => signOut('You deleted the application user you were signed in as, so you are signed out.'),
                (failure: Error) => setDialogError(failure.message),
              );
              return;
            }
            await act(async () => {
              await api.delete(`${base}/application-users/${encodeURIComponent(dialog.user.user_id)}`);
              return `Application user ${dialog.user.name} deleted, with its ${dialog.tokens?.length ?? 0} tokens.`;
            });
          }}
        >
          <p>
            <strong>{dialog.user.name}</strong> (<span class="mono">{dialog.user.user_id}</span>) will be deleted. This cannot be undone.
          </p>
          {dialog.user.user_id === me.user_id && <p class="warning">This is the user you are signed in as: deleting it signs you out.</p>}
          {!dialog.tokens ? (
            <p role="status">Looking up its tokens…</p>
          ) : dialog.tokens.length === 0 ? (
            <p>It has no live tokens.</p>
          ) : (
            <>
              <p>
                Its {dialog.tokens.length === 1 ? 'token is' : `${dialog.tokens.length} tokens are`} revoked with it; anything still using{' '}
                {dialog.tokens.length === 1 ? 'it' : 'them'} (Terraform, scripts, services) gets 401 from then on:
              </p>
              <ul class="token-list">
                {dialog.tokens.map((token) => (
                  <li key={token.token_prefix}>
                    {token.description || 'no description'} <span class="mono">({token.token_prefix})</span>
                    {token.currently_active && <strong> — the token you are signed in with</strong>}
                  </li>
                ))}
              </ul>
            </>
          )}
        </ConfirmDialog>
      )}
    </>
  );
}

function CreateUser({ base, onCreated }: { base: string; onCreated(user: ApplicationUser): Promise<void> }) {
  const { api } = useSession();
  const [name, setName] = useState('');
  const [superAdmin, setSuperAdmin] = useState(false);
  const [error, setError] = useState<string>();
  async function submit(event: Event) {
    event.preventDefault();
    setError(undefined);
    try {
      const user = await api.post<ApplicationUser>(`${base}/application-users`, { name: name.trim(), is_super_admin: superAdmin });
      setName('');
      setSuperAdmin(false);
      await onCreated(user);
    } catch (failure) {
      setError((failure as Error).message);
    }
  }
  return (
    <form class="inline-form" onSubmit={submit}>
      <h2>New application user</h2>
      <div class="field">
        <label for="user-name">Name</label>
        <input id="user-name" required maxLength={128} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </div>
      <div class="check">
        <input id="user-super-admin" type="checkbox" checked={superAdmin} onChange={(e) => setSuperAdmin(e.currentTarget.checked)} />
        <label for="user-super-admin">Super admin (administers this organization)</label>
      </div>
      <button type="submit" class="primary" disabled={!name.trim()}>Create user</button>
      {error && <p class="error" role="alert">{error}</p>}
    </form>
  );
}

function RenameDialog({ user, busy, error, onClose, onRename }: { user: ApplicationUser; busy: boolean; error?: string; onClose(): void; onRename(name: string): void }) {
  const [name, setName] = useState(user.name);
  return (
    <FormDialog title={`Rename ${user.name}`} submitLabel="Save name" busy={busy || !name.trim()} error={error} onClose={onClose} onSubmit={() => onRename(name.trim())}>
      <div class="field">
        <label for="rename-user">New name</label>
        <input id="rename-user" required maxLength={128} value={name} onInput={(e) => setName(e.currentTarget.value)} autoFocus />
      </div>
    </FormDialog>
  );
}
