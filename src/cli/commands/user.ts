// `tessera user create|list|get|delete`: application users on a running token service.
import type { Command } from 'commander';
import { runApi, withApiOptions } from '../api-command.js';

export function register(program: Command): void {
  const user = program.command('user').description('application users on a running token service (TESSERA_URL, TESSERA_TOKEN)');
  withApiOptions(user.command('create').description('create an application user').argument('<organization_id>').argument('<name>'))
    .option('--super-admin', 'the user administers its organization')
    .action((org: string, name: string, opts: { url?: string; superAdmin?: boolean }) =>
      runApi(opts, (c) => c.createApplicationUser(org, { name, is_super_admin: opts.superAdmin ?? false })),
    );
  withApiOptions(user.command('list').description('list application users').argument('<organization_id>')).action(
    (org: string, opts: { url?: string }) => runApi(opts, (c) => c.listApplicationUsers(org)),
  );
  withApiOptions(user.command('get').description('show an application user').argument('<organization_id>').argument('<user_id>')).action(
    (org: string, id: string, opts: { url?: string }) => runApi(opts, (c) => c.getApplicationUser(org, id)),
  );
  withApiOptions(user.command('delete').description('delete an application user (revokes all its tokens)').argument('<organization_id>').argument('<user_id>')).action(
    (org: string, id: string, opts: { url?: string }) => runApi(opts, async (c) => void (await c.deleteApplicationUser(org, id))),
  );
}
