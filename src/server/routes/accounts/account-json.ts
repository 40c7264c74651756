// An organization seen as an Aiven account (what the Aiven provider's aiven_organization reads):
// one root account per organization, no hierarchy, no billing group.
import type { Organization } from '../../../store/records.js';
import { iso } from '../../iso-time.js';
import { TENANT_ID } from '../shared-schemas.js';

export function accountJson(org: Organization, isAccountOwner: boolean) {
  return {
    account_id: org.accountId,
    account_name: org.name,
    organization_id: org.organizationId,
    tenant_id: TENANT_ID,
    is_account_owner: isAccountOwner,
    root_account_id: org.accountId,
    root_account_name: org.name,
    parent_account_id: null,
    primary_billing_group_id: null,
    create_time: iso(org.createTime),
    update_time: iso(org.updateTime),
  };
}
