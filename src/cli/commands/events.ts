// `tessera events ORG [--follow]`: an organization's audit events, oldest first, one JSON object per
// line (JSON Lines, for jq and log shippers). --follow keeps polling for new ones until interrupted.
// `tessera events --instance [ORG]`: the instance's trail (instance admin only): every organization's
// events and those of none; with ORG, that organization's, also once it has been deleted.
import type { Command } from 'commander';
import { positiveInteger, runApi, withApiOptions } from '../api-command.js';
import type { EventsPage, ListEventsRequest } from '../../client/types.js';
import type { AivenClient } from '../../client/aiven-client.js';

interface EventsOptions {
  url?: string;
  follow?: boolean;
  instance?: boolean;
  after?: string;
  action?: string;
  target?: string;
  interval?: number;
}

const PAGE = 1000;

export function register(program: Command): void {
  withApiOptions(program.command('events').description("an organization's audit events, oldest first, as JSON lines").argument('[organization_id]'))
    .option('--instance', "the whole instance's trail (instance admin only); with organization_id, that organization's, deleted or not")
    .option('--follow', 'keep printing new events as they happen (polls; Ctrl-C to stop)')
    .option('--after <event_id>', 'only events after this one (a cursor printed before)')
    .option('--action <action>', 'only this action, e.g. token.rotated')
    .option('--target <target>', 'only events about this user id, token prefix or organization id')
    .option('--interval <seconds>', 'with --follow: seconds between polls (default 1)', positiveInteger('--interval'))
    .action((organizationId: string | undefined, opts: EventsOptions, command: Command) => {
      if (organizationId === undefined && !opts.instance) command.error("error: missing required argument 'organization_id' (or --instance for the whole instance's trail)");
      return runApi(opts, async (client) => {
        const page = pageReader(client, organizationId, opts.instance === true);
        const query: ListEventsRequest = { action: opts.action, target: opts.target };
        let cursor = opts.after;
        for (;;) {
          const read = await page({ ...query, after: cursor, limit: PAGE });
          for (const event of read.events) process.stdout.write(`${JSON.stringify(event)}\n`);
          cursor = read.next_cursor ?? undefined;
          if (read.events.length === PAGE) continue;
          if (!opts.follow) return undefined;
          await new Promise((resolve) => setTimeout(resolve, (opts.interval || 1) * 1000));
        }
      });
    });
}

/** Reads one page from the organization's trail, or from the instance's (narrowed to the organization if one is given). */
function pageReader(client: AivenClient, organizationId: string | undefined, instance: boolean): (query: ListEventsRequest) => Promise<EventsPage> {
  if (instance) return (query) => client.listInstanceEvents({ ...query, organization_id: organizationId });
  return (query) => client.listEvents(organizationId as string, query);
}
