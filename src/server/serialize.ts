// Store records → API objects (snake_case, ISO 8601 UTC times).
import type { ApplicationUser, Organization, TokenRecord } from '../store/records.js';

export const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

export const TENANT_ID = 'aiven';

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

export function userJson(user: ApplicationUser) {
  return {
    user_id: user.userId,
    name: user.name,
    user_email: user.userEmail,
    is_super_admin: user.isSuperAdmin,
    create_time: iso(user.createTime),
  };
}

export function tokenJson(token: TokenRecord, currentTokenPrefix: string | undefined) {
  return {
    token_prefix: token.tokenPrefix,
    description: token.description,
    create_time: iso(token.createTime),
    created_manually: token.createdManually,
    currently_active: token.tokenPrefix === currentTokenPrefix,
    max_age_seconds: token.requestedMaxAgeSeconds,
    extend_when_used: token.extendWhenUsed,
    expiry_time: isoOrNull(token.expiryTime),
    last_used_time: isoOrNull(token.lastUsedTime),
    last_ip: token.lastIp,
    last_user_agent: token.lastUserAgent,
    last_user_agent_human_readable: token.lastUserAgentHumanReadable,
    scopes: token.scopes,
    ip_allowlist: token.ipAllowlist,
    created_by: token.createdBy ?? null,
    created_by_token_prefix: token.createdByTokenPrefix ?? null,
    rotated_to: token.rotatedTo ?? null,
  };
}
