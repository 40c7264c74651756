// `tessera events ORG [--follow]`: an organization's audit events, oldest first, one JSON object per
// line (JSON Lines, for jq and log shippers). --follow keeps polling for new ones until interrupted.
import type { Command } from 'commander';
import { positiveInteger, runApi, withApiOptions } from '../api-command.js';
import type { ListEventsRequest } from '../../client/types.js';

interface EventsOptions {
  url?: string;
  follow?: boolean;
  after?: string;
  action?: string;
  target?: string;
  interval?: number;
}

export function register(program: Command): void {
  withApiOptions(program.command('events').description("an organization's audit events, oldest first, as JSON lines").argument('<organization_id>'))
    .option('--follow', 'keep printing new events as they happen (polls; Ctrl-C to stop)')
    .option('--after <event_id>', 'only events after this one (a cursor printed before)')
    .option('--action <action>', 'only this action, e.g. token.rotated')
    .option('--target <target>', 'only events about this user id, token prefix or organization id')
    .option('--interval <seconds>', 'with --follow: seconds between polls (default 1)', positiveInteger('--interval'))
    .action((organizationId: string, opts: EventsOptions) =>
      runApi(opts, async (client) => {
        const query: ListEventsRequest = { action: opts.action, target: opts.target };
        let cursor = opts.after;
        for (;;) {
          const page = await client.listEvents(organizationId, { ...query, after: cursor, limit: 1000 });
          for (const event of page.events) process.stdout.write(`${JSON.stringify(event)}\n`);
          cursor = page.next_cursor ?? undefined;
          if (page.events.length === 1000) continue;
          if (!opts.follow) return undefined;
          await new Promise((resolve) => setTimeout(resolve, (opts.interval || 1) * 1000));
        }
      }),
    );
}
