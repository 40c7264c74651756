// The audit trail of an organization (GET /v1/organization/{id}/events), or without one the whole
// instance's (GET /v1/events, the instance admin's: every organization's events, deleted ones' too),
// shown when the server offers it: who did what to which object, from where; oldest first as the API
// pages it, filtered by action and target (and organization, for the instance's), with the next page
// read from next_cursor.
import { useState } from 'preact/hooks';
import { AUDIT_ACTIONS } from '../../../src/domain/audit-actions.ts';
import { apiPath } from '../api/client.ts';
import type { AuditEvent, AuditEventsPage, Organization } from '../api/types.ts';
import { useSession } from '../session-context.ts';
import { useLoader } from '../use-loader.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { Breadcrumbs } from '../components/Breadcrumbs.tsx';
import { Time } from '../components/Time.tsx';

const PAGE_SIZE = 100;

const text = (value: unknown) => (value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value));

export function AuditTrail({ organizationId }: { organizationId?: string }) {
  const { api } = useSession();
  const instance = organizationId === undefined;
  const org = instance ? undefined : apiPath`/v1/organization/${organizationId}`;
  const organization = useLoader(async () => (org === undefined ? undefined : api.get<Organization>(org)), [organizationId]);
  const [action, setAction] = useState('');
  const [target, setTarget] = useState('');
  const [ofOrganization, setOfOrganization] = useState('');
  const [query, setQuery] = useState({ action: '', target: '', organization: '' });
  const [more, setMore] = useState<AuditEventsPage[]>([]);
  const [moreError, setMoreError] = useState<string>();
  const url = (after?: string | null) => {
    const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (query.action) params.set('action', query.action);
    if (query.target) params.set('target', query.target);
    if (query.organization) params.set('organization_id', query.organization);
    if (after) params.set('after', after);
    return `${org === undefined ? '/v1' : org}/events?${params}`;
  };
  const first = useLoader(() => api.get<AuditEventsPage>(url()), [organizationId, query.action, query.target, query.organization]);
  const pages = first.data ? [first.data, ...more] : [];
  const events: AuditEvent[] = pages.flatMap((page) => page.events);
  const lastPage = pages[pages.length - 1];
  const name = organization.data?.organization_name ?? organizationId;
  const filtered = Boolean(query.action || query.target || query.organization);
  const columns = instance ? 7 : 6;
  const now = Date.now();

  async function loadMore() {
    try {
      const next = await api.get<AuditEventsPage>(url(lastPage?.next_cursor));
      setMore((current) => [...current, next]);
    } catch (failure) {
      setMoreError((failure as Error).message);
    }
  }

  return (
    <>
      {organizationId === undefined ? (
        <Breadcrumbs trail={[{ label: 'Organizations', route: { page: 'home' } }, { label: 'Audit trail of the instance' }]} />
      ) : (
        <Breadcrumbs trail={[{ label: 'Organizations', route: { page: 'home' } }, { label: name ?? organizationId, route: { page: 'users', organizationId } }, { label: 'Audit trail' }]} />
      )}
      <PageHeading>{instance ? 'Audit trail of the instance' : `Audit trail of ${name}`}</PageHeading>
      <form
        class="toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          setMore([]);
          setQuery({ action: action.trim(), target: target.trim(), organization: ofOrganization.trim() });
        }}
      >
        <div class="field">
          <label for="events-action">Action</label>
          <select id="events-action" value={action} onChange={(e) => setAction(e.currentTarget.value)}>
            <option value="">Any action</option>
            {AUDIT_ACTIONS.map((name) => (
              <option key={name} value={name}>{name}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="events-target">Target (a user id or token prefix)</label>
          <input id="events-target" class="mono" value={target} onInput={(e) => setTarget(e.currentTarget.value)} />
        </div>
        {instance && (
          <div class="field">
            <label for="events-organization">Organization ID (also a deleted one)</label>
            <input id="events-organization" class="mono" maxLength={64} value={ofOrganization} onInput={(e) => setOfOrganization(e.currentTarget.value)} />
          </div>
        )}
        <button type="submit">Filter</button>
      </form>
      {first.error && <p class="error" role="alert">{first.error}</p>}
      {first.data && (
        <div class="table-wrap">
          <table class="cards events">
            <caption>{events.length === 1 ? '1 event' : `${events.length} events`}, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Action</th>
                {instance && <th scope="col">Organization</th>}
                <th scope="col">Actor</th>
                <th scope="col">Target</th>
                <th scope="col">From</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {events.length === 0 && (
                <tr>
                  <td colSpan={columns}>No events{filtered ? ' match this filter' : ' yet'}.</td>
                </tr>
              )}
              {events.map((event) => (
                <tr key={event.event_id}>
                  <td data-label="When"><Time iso={event.time} now={now} /></td>
                  <th scope="row" data-label="Action" class="mono">{event.action}</th>
                  {instance && <td data-label="Organization" class="mono">{event.organization_id ?? '—'}</td>}
                  <td data-label="Actor">
                    <span class="mono">{event.actor}</span>
                    {event.actor_token_prefix && <span class="sub mono">with {event.actor_token_prefix}</span>}
                  </td>
                  <td data-label="Target" class="mono">{event.target ?? '—'}</td>
                  <td data-label="From">
                    <span class="mono">{event.ip ?? '—'}</span>
                    {event.user_agent && <span class="sub">{event.user_agent}</span>}
                  </td>
                  <td data-label="Details">
                    {event.details && (
                      <dl class="details">
                        {Object.entries(event.details).map(([key, value]) => (
                          <div key={key}>
                            <dt>{key}</dt>
                            <dd class="mono">{text(value)}</dd>
                          </div>
                        ))}
                      </dl>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {moreError && <p class="error" role="alert">{moreError}</p>}
      {lastPage && lastPage.events.length >= PAGE_SIZE && (
        <button type="button" onClick={loadMore}>Show newer events</button>
      )}
    </>
  );
}
