// `tessera org create|list|get|rename|delete`: organizations on a running token service.
import type { Command } from 'commander';
import { runApi, withApiOptions } from '../api-command.js';

export function register(program: Command): void {
  const org = program.command('org').description('organizations on a running token service (TESSERA_URL, TESSERA_TOKEN)');
  withApiOptions(org.command('create').description('create an organization (instance admin)').argument('<name>'))
    .option('--tier <tier>', 'business or personal')
    .action((name: string, opts: { url?: string; tier?: string }) =>
      runApi(opts, (c) => c.createOrganization({ organization_name: name, ...(opts.tier ? { tier: opts.tier } : {}) })),
    );
  withApiOptions(org.command('list').description('list organizations')).action((opts: { url?: string }) =>
    runApi(opts, (c) => c.listOrganizations()),
  );
  withApiOptions(org.command('get').description('show an organization').argument('<organization_id>')).action((id: string, opts: { url?: string }) =>
    runApi(opts, (c) => c.getOrganization(id)),
  );
  withApiOptions(org.command('rename').description('rename an organization').argument('<organization_id>').argument('<name>')).action(
    (id: string, name: string, opts: { url?: string }) => runApi(opts, (c) => c.updateOrganization(id, { name })),
  );
  withApiOptions(org.command('delete').description('delete an organization, its users and their tokens').argument('<organization_id>')).action(
    (id: string, opts: { url?: string }) => runApi(opts, async (c) => void (await c.deleteOrganization(id))),
  );
}
