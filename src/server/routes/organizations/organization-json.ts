// An organization as the API answers it (snake_case, ISO 8601 UTC times).
import type { Organization } from '../../../store/records.js';
import { iso } from '../../iso-time.js';

export function organizationJson(org: Organization) {
  return {
    organization_id: org.organizationId,
    organization_name: org.name,
    account_id: org.accountId,
    tier: org.tier,
    create_time: iso(org.createTime),
    update_time: iso(org.updateTime),
  };
}
