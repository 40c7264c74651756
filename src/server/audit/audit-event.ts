// Audit events for changes made through the API: who (the request's principal: a user id or `admin`,
// and the token it used), from where (client address, user agent), what (action, target, details).
// Details carry names and settings, never a secret.
import type { FastifyRequest } from 'fastify';
import { ADMIN_ACTOR, type AuditAction } from '../../domain/audit-actions.js';
import { normalizeAddress } from '../../domain/ip-allowlist.js';
import type { AuditEvent, NewAuditEvent } from '../../store/records.js';
import type { Principal } from '../auth/principal.js';
import { iso } from '../iso-time.js';

/** The client address as authentication saw it (dual-stack sockets report IPv4 as ::ffff:a.b.c.d). */
export function clientAddress(request: FastifyRequest): string {
  return request.ip.startsWith('::ffff:') ? normalizeAddress(request.ip) : request.ip;
}

export function actorOf(principal: Principal): string {
  return principal.kind === 'instance_admin' ? ADMIN_ACTOR : principal.user.userId;
}

export function auditEvent(
  request: FastifyRequest,
  time: number,
  action: AuditAction,
  organizationId: string | null,
  target: string | null,
  details: Record<string, unknown> | null = null,
): NewAuditEvent {
  return {
    time,
    organizationId,
    actor: actorOf(request.principal),
    actorTokenPrefix: request.principal.tokenPrefix,
    action,
    target,
    ip: clientAddress(request),
    userAgent: request.headers['user-agent'] ?? null,
    details,
  };
}

/** The API's (and the audit log line's) view of an event. */
export function eventJson(event: AuditEvent) {
  return {
    event_id: event.eventId,
    time: iso(event.time),
    organization_id: event.organizationId,
    actor: event.actor,
    actor_token_prefix: event.actorTokenPrefix,
    action: event.action,
    target: event.target,
    ip: event.ip,
    user_agent: event.userAgent,
    details: event.details,
  };
}
