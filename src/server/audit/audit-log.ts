// Every committed audit event also goes to the log as one JSON line with "audit": true, for shipping
// to a SIEM. Written whatever the log level (an audit trail that a level setting can silence is not one).
import type { Logger } from 'pino';
import type { Store } from '../../store/store.js';
import { eventJson } from './audit-event.js';

export function logAuditEvents(store: Store, logger: Logger): void {
  const audit = logger.isLevelEnabled('info') ? logger : logger.child({}, { level: 'info' });
  store.onEvents((events) => {
    for (const event of events) audit.info({ audit: true, ...eventJson(event) }, 'audit event');
  });
}
