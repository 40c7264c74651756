// The audit trail of an organization (GET /v1/organization/{id}/events), shown when the server
// offers it, filtered by action and target, with "show older" paging after the last event's id.
import { useState } from 'preact/hooks';
import { apiPath } from '../api/client.ts';
import type { AuditEvent, Organization } from '../api/types.ts';
import { useSession } from '../session-context.ts';
import { useLoader } from '../use-loader.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { Breadcrumbs } from '../components/Breadcrumbs.tsx';
import { Time } from '../components/Time.tsx';

const PAGE_SIZE = 100;
const KNOWN = ['event_id', 'id', 'time', 'create_time', 'timestamp', 'action', 'actor', 'actor_id', 'actor_token_prefix', 'target', 'target_id'];

const text = (value: unknown) => (value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value));

export function AuditTrail({ organizationId }: { organizationId: string }) {
  const { api } = useSession();
  const org = apiPath`/v1/organization/${organizationId}`;
  const organization = useLoader(() => api.get<Organization>(org), [organizationId]);
  const [action, setAction] = useState('');
  const [target, setTarget] = useState('');
  const [query, setQuery] = useState({ action: '', target: '' });
  const [more, setMore] = useState<AuditEvent[]>([]);
  const [moreError, setMoreError] = useState<string>();
  const url = (after?: string) => {
    const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (query.action) params.set('action', query.action);
    if (query.target) params.set('target', query.target);
    if (after) params.set('after', after);
    return `${org}/events?${params}`;
  };
  const events = useLoader(() => api.get<{ events?: AuditEvent[] }>(url()).then((r) => r.events ?? []), [organizationId, query.action, query.target]);
  const all = [...(events.data ?? []), ...more];
  const last = all[all.length - 1];
  const lastId = last ? text(last.event_id ?? last.id) : '';
  const name = organization.data?.organization_name ?? organizationId;
  const now = Date.now();

  async function loadMore() {
    try {
      const next = await api.get<{ events?: AuditEvent[] }>(url(lastId));
      setMore((current) => [...current, ...(next.events ?? [])]);
    } catch (failure) {
      setMoreError((failure as Error).message);
    }
  }

  return (
    <>
      <Breadcrumbs trail={[{ label: 'Organizations', route: { page: 'home' } }, { label: name, route: { page: 'users', organizationId } }, { label: 'Audit trail' }]} />
      <PageHeading>Audit trail of {name}</PageHeading>
      <form
        class="toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          setMore([]);
          setQuery({ action: action.trim(), target: target.trim() });
        }}
      >
        <div class="field">
          <label for="events-action">Action</label>
          <input id="events-action" value={action} onInput={(e) => setAction(e.currentTarget.value)} placeholder="e.g. token.revoked" />
        </div>
        <div class="field">
          <label for="events-target">Target</label>
          <input id="events-target" class="mono" value={target} onInput={(e) => setTarget(e.currentTarget.value)} placeholder="a user id or token prefix" />
        </div>
        <button type="submit">Filter</button>
      </form>
      {events.error && <p class="error" role="alert">{events.error}</p>}
      {events.data && (
        <div class="table-wrap">
          <table class="cards">
            <caption>{all.length === 1 ? '1 event' : `${all.length} events`}</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Action</th>
                <th scope="col">Actor</th>
                <th scope="col">Target</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {all.map((event, i) => {
                const when = text(event.time ?? event.create_time ?? event.timestamp);
                const details = Object.entries(event).filter(([key]) => !KNOWN.includes(key));
                return (
                  <tr key={text(event.event_id ?? event.id) || i}>
                    <td data-label="When">{when ? <Time iso={when} now={now} /> : '—'}</td>
                    <th scope="row" data-label="Action">{text(event.action)}</th>
                    <td data-label="Actor" class="mono">{text(event.actor ?? event.actor_id ?? event.actor_token_prefix)}</td>
                    <td data-label="Target" class="mono">{text(event.target ?? event.target_id)}</td>
                    <td data-label="Details">
                      {details.length > 0 && (
                        <dl class="details">
                          {details.map(([key, value]) => (
                            <div key={key}>
                              <dt>{key}</dt>
                              <dd class="mono">{text(value)}</dd>
                            </div>
                          ))}
                        </dl>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {moreError && <p class="error" role="alert">{moreError}</p>}
      {lastId && (events.data?.length ?? 0) >= PAGE_SIZE && (
        <button type="button" onClick={loadMore}>Show older events</button>
      )}
    </>
  );
}
