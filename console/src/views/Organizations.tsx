// Organizations: the instance admin sees (and may create) all of them, and reaches the instance's audit
// trail from here; a super admin sees its own.
import { useState } from 'preact/hooks';
import type { Organization } from '../api/types.ts';
import { useSession } from '../session-context.ts';
import { useLoader } from '../use-loader.ts';
import { href } from '../router.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { Time } from '../components/Time.tsx';

export function Organizations() {
  const { api, rights, capabilities } = useSession();
  const organizations = useLoader(() => api.get<{ organizations: Organization[] }>('/v1/organizations').then((r) => r.organizations), []);
  const now = Date.now();
  return (
    <>
      <PageHeading>Organizations</PageHeading>
      {rights.instanceAdmin && rights.read && capabilities.instanceAuditTrail && (
        <p>
          <a href={href({ page: 'instance-events' })}>Audit trail of the instance</a>
        </p>
      )}
      {rights.createOrganizations && <CreateOrganization onCreated={organizations.reload} />}
      {organizations.error && <p class="error" role="alert">{organizations.error}</p>}
      {!organizations.data ? (
        !organizations.error && <p role="status">Loading organizations…</p>
      ) : organizations.data.length === 0 ? (
        <p>No organizations yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="cards">
            <caption>{organizations.data.length === 1 ? '1 organization' : `${organizations.data.length} organizations`}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Organization ID</th>
                <th scope="col">Tier</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {organizations.data.map((org) => (
                <tr key={org.organization_id}>
                  <th scope="row" data-label="Name">
                    <a href={href({ page: 'users', organizationId: org.organization_id })}>{org.organization_name}</a>
                  </th>
                  <td data-label="Organization ID" class="mono">{org.organization_id}</td>
                  <td data-label="Tier">{org.tier}</td>
                  <td data-label="Created"><Time iso={org.create_time} now={now} both={false} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function CreateOrganization({ onCreated }: { onCreated(): Promise<void> }) {
  const { api } = useSession();
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState('');
  async function submit(event: Event) {
    event.preventDefault();
    setError(undefined);
    try {
      const org = await api.post<Organization>('/v1/organizations', { organization_name: name.trim() });
      setName('');
      setStatus(`Organization ${org.organization_name} created.`);
      await onCreated();
    } catch (failure) {
      setError((failure as Error).message);
    }
  }
  return (
    <form class="inline-form" onSubmit={submit}>
      <h2>New organization</h2>
      <div class="field">
        <label for="org-name">Name</label>
        <input id="org-name" required maxLength={128} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </div>
      <button type="submit" class="primary" disabled={!name.trim()}>Create organization</button>
      {error && <p class="error" role="alert">{error}</p>}
      <p role="status" class="status">{status}</p>
    </form>
  );
}
