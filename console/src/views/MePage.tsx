// Who the signed-in token is (GET /v1/me), and what the console therefore offers.
import { useSession } from '../session-context.ts';
import { roleName } from '../rights.ts';
import { href } from '../router.ts';
import { PageHeading } from '../components/PageHeading.tsx';

export function MePage() {
  const { me, rights } = useSession();
  return (
    <>
      <PageHeading>You</PageHeading>
      <dl class="facts">
        <dt>Name</dt>
        <dd>{me.real_name}</dd>
        <dt>Role</dt>
        <dd>{roleName(me)}</dd>
        <dt>Email</dt>
        <dd>{me.user}</dd>
        <dt>User ID</dt>
        <dd class="mono">{me.user_id}</dd>
        {me.organization_id && (
          <>
            <dt>Organization</dt>
            <dd class="mono">
              {rights.administers(me.organization_id) ? <a href={href({ page: 'users', organizationId: me.organization_id })}>{me.organization_id}</a> : me.organization_id}
            </dd>
          </>
        )}
        <dt>Signed in with token</dt>
        <dd class="mono">{me.token_prefix}…</dd>
        <dt>Token scopes</dt>
        <dd>{me.scopes === null ? 'none (all of the user’s rights)' : me.scopes.length === 0 ? 'an empty list (allows nothing)' : me.scopes.join(', ')}</dd>
      </dl>
      <h2>What you can do here</h2>
      <ul>
        {rights.instanceAdmin && <li>See and manage every organization, its application users and their tokens.</li>}
        {!rights.instanceAdmin && me.is_super_admin && <li>See and manage the application users of your organization and their tokens.</li>}
        {!rights.instanceAdmin && !me.is_super_admin && (
          <li>An application user that is not a super admin can see only itself. Ask a super admin of your organization for more.</li>
        )}
        {(rights.instanceAdmin || me.is_super_admin) && !rights.read && <li>This token’s scopes do not include accounts:read, so nothing can be listed.</li>}
        {rights.read && !rights.write && <li>This token’s scopes allow reading only (no accounts:write): nothing can be created, changed or revoked.</li>}
      </ul>
    </>
  );
}
