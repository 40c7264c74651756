// The console's pure rules, run in Node: CIDR checking as typed, token filters and sorting, routes,
// what the OpenAPI document says the server offers, and what a caller's role and scopes allow.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { allowlistEntries, cidrProblem } from '../../console/src/format/cidr.ts';
import { sortAndFilter, matchesFilter } from '../../console/src/tokens/filter.ts';
import { href, parseRoute, type Route } from '../../console/src/router.ts';
import { capabilitiesFromOpenApi } from '../../console/src/api/capabilities.ts';
import { rightsOf } from '../../console/src/rights.ts';
import { duration, relativeTime } from '../../console/src/format/time.ts';
import type { Me, Token } from '../../console/src/api/types.ts';
import { parseCidr } from '../../src/domain/ip-allowlist.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-01T12:00:00Z');
const at = (offsetDays: number) => new Date(NOW + offsetDays * DAY).toISOString();

function token(prefix: string, fields: Partial<Token>): Token {
  return {
    token_prefix: prefix, description: prefix, create_time: at(-1), created_manually: true, currently_active: false,
    max_age_seconds: null, extend_when_used: false, expiry_time: at(1), last_used_time: null, last_ip: null,
    last_user_agent: null, last_user_agent_human_readable: null, scopes: null, ip_allowlist: null, ...fields,
  };
}

describe('console rules', () => {
  it('checks allowlist entries as the server does', () => {
    const samples = ['10.0.0.0/8', '203.0.113.7', '2001:db8::/32', '::1/128', '::ffff:1.2.3.4', '10.0.0.300/8', '10.0.0.0/33', '10.0.0.0/', '10.0.0.0/8/1',
      '2001:db8::/129', 'fe80::1%eth0', '10.1', '0x0a.0.0.1', 'example.com', '1.2.3.4/08', '1.2.3.4/0', '::/0', ''];
    for (const entry of samples) {
      assert.equal(cidrProblem(entry) === undefined, parseCidr(entry) !== undefined, `console and server agree on '${entry}'`);
    }
    assert.match(cidrProblem('10.0.0.300/8')!, /'10\.0\.0\.300' is not an IPv4 or IPv6 address/);
    assert.match(cidrProblem('10.0.0.0/33')!, /prefix length must be 0 to 32/);
    assert.deepEqual(allowlistEntries(' 10.0.0.0/8\n::1/128, 192.0.2.1 \n\n'), ['10.0.0.0/8', '::1/128', '192.0.2.1']);
  });

  it('filters tokens: expires soon, never used, unused for 90 days', () => {
    const soon = token('soon', { expiry_time: at(3), last_used_time: at(-1) });
    const never = token('never', { expiry_time: null, last_used_time: null });
    const stale = token('stale', { create_time: at(-400), expiry_time: at(200), last_used_time: at(-120) });
    const oldUnused = token('old-unused', { create_time: at(-100), expiry_time: at(200) });
    const all = [soon, never, stale, oldUnused];
    const names = (filter: Parameters<typeof matchesFilter>[1]) => all.filter((t) => matchesFilter(t, filter, NOW)).map((t) => t.token_prefix);
    assert.deepEqual(names('all'), ['soon', 'never', 'stale', 'old-unused']);
    assert.deepEqual(names('expires-soon'), ['soon']);
    assert.deepEqual(names('never-used'), ['never', 'old-unused']);
    assert.deepEqual(names('unused-90-days'), ['stale', 'old-unused']);
  });

  it('sorts tokens; a token that never expires sorts after every expiring one, never-used before any use', () => {
    const a = token('a', { description: 'beta', expiry_time: null, last_used_time: at(-2), create_time: at(-3) });
    const b = token('b', { description: 'alpha', expiry_time: at(5), last_used_time: null, create_time: at(-1) });
    const c = token('c', { description: 'gamma', expiry_time: at(1), last_used_time: at(-1), create_time: at(-2) });
    const order = (sort: Parameters<typeof sortAndFilter>[2], descending = false) => sortAndFilter([a, b, c], 'all', sort, descending, NOW).map((t) => t.token_prefix);
    assert.deepEqual(order('expires'), ['c', 'b', 'a']);
    assert.deepEqual(order('expires', true), ['a', 'b', 'c']);
    assert.deepEqual(order('last-used'), ['b', 'a', 'c']);
    assert.deepEqual(order('created', true), ['b', 'c', 'a']);
    assert.deepEqual(order('description'), ['b', 'a', 'c']);
  });

  it('round-trips routes, ids with any characters included, and never puts a token in one', () => {
    const routes: Route[] = [
      { page: 'home' }, { page: 'me' }, { page: 'users', organizationId: 'org1' },
      { page: 'tokens', organizationId: 'org1', userId: 'u/2+=' }, { page: 'events', organizationId: 'org 3' },
      { page: 'instance-events' },
    ];
    for (const route of routes) assert.deepEqual(parseRoute(href(route)), route);
    assert.deepEqual(parseRoute('#/nonsense'), { page: 'home' });
  });

  it('offers rotation and the audit trail only when the OpenAPI document has them', () => {
    assert.deepEqual(capabilitiesFromOpenApi({ paths: { '/v1/me': {} } }), { rotation: false, auditTrail: false, instanceAuditTrail: false });
    assert.deepEqual(
      capabilitiesFromOpenApi({
        paths: {
          '/v1/organization/{organization_id}/application-users/{user_id}/access-tokens/{token_prefix}/rotate': {},
          '/v1/organization/{organization_id}/events': {},
          '/v1/events': {},
        },
      }),
      { rotation: true, auditTrail: true, instanceAuditTrail: true },
    );
  });

  it('offers what the role and the scopes allow', () => {
    const me = (fields: Partial<Me>): Me => ({
      user: 'x', user_id: 'u1', real_name: 'x', kind: 'application_user', organization_id: 'org1', is_super_admin: false, token_prefix: 'tsr_x', scopes: null, ...fields,
    });
    const admin = rightsOf(me({ kind: 'instance_admin', organization_id: null, is_super_admin: true }));
    assert.deepEqual([admin.read, admin.write, admin.createOrganizations, admin.administers('orgX')], [true, true, true, true]);
    const superAdmin = rightsOf(me({ is_super_admin: true }));
    assert.deepEqual([superAdmin.write, superAdmin.createOrganizations, superAdmin.administers('org1'), superAdmin.administers('org2')], [true, false, true, false]);
    const readOnly = rightsOf(me({ is_super_admin: true, scopes: ['accounts:read', 'user:read'] }));
    assert.deepEqual([readOnly.read, readOnly.write], [true, false]);
    const writeScope = rightsOf(me({ is_super_admin: true, scopes: ['accounts:write', 'user:read'] }));
    assert.deepEqual([writeScope.read, writeScope.write], [true, true]);
    const plain = rightsOf(me({}));
    assert.deepEqual([plain.read, plain.write, plain.administers('org1')], [false, false, false]);
  });

  it('says times and durations the way people read them', () => {
    assert.equal(relativeTime(at(0), NOW), 'just now');
    assert.equal(relativeTime(new Date(NOW - 5 * 60_000).toISOString(), NOW), '5 minutes ago');
    assert.equal(relativeTime(at(1), NOW), 'tomorrow');
    assert.equal(relativeTime(new Date(NOW + 10 * 3600_000 - 30_000).toISOString(), NOW), 'in 10 hours');
    assert.equal(relativeTime(at(-120), NOW), '4 months ago');
    assert.deepEqual([duration(3600), duration(86400 * 7), duration(365 * 86400), duration(601)], ['1 hour', '1 week', '1 year', '601 seconds']);
  });
});
