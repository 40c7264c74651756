// Shared by the CLI commands that talk to a running token service over HTTP (org, user, token
// create/list/revoke): where the server is (--url / TESSERA_URL) and the caller's token (TESSERA_TOKEN or
// AIVEN_TOKEN; environment only, so it stays out of shell history and process listings).
import type { Command } from 'commander';
import type { AivenClient } from '../client/aiven-client.js';
import { parseIntegerSetting } from '../domain/integer-setting.js';
import { TESSERA_VERSION } from '../version.js';

export const DEFAULT_URL = 'http://127.0.0.1:8080';

export function withApiOptions(command: Command): Command {
  return command.option('--url <url>', `token service URL (env TESSERA_URL; default ${DEFAULT_URL})`);
}

/** Runs `action` with a client; prints its result as JSON; API errors become one line on stderr and exit 1. */
export async function runApi(opts: { url?: string }, action: (client: AivenClient) => Promise<unknown>): Promise<void> {
  const token = process.env.TESSERA_TOKEN || process.env.AIVEN_TOKEN;
  if (!token) {
    process.stderr.write('tessera: set TESSERA_TOKEN (or AIVEN_TOKEN) to the token to call the service with\n');
    process.exit(1);
  }
  const { AivenClient } = await import('../client/aiven-client.js');
  const client = new AivenClient({ baseUrl: opts.url || process.env.TESSERA_URL || DEFAULT_URL, token, userAgent: `tessera-cli/${TESSERA_VERSION}` });
  try {
    const result = await action(client);
    if (result !== undefined) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } catch (error) {
    const e = error as Error & { status?: number; errorCode?: string };
    const detail = e.status ? ` (${e.status}${e.errorCode ? ` ${e.errorCode}` : ''})` : '';
    process.stderr.write(`tessera: ${e.message}${detail}\n`);
    process.exit(1);
  }
}

/** A commander option parser for a whole number (the server checks its range). */
export function positiveInteger(name: string) {
  return (value: string): number => parseIntegerSetting(name, value);
}

export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
