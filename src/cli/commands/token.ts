// `tessera token generate`: prints a fresh, well-formed Tessera token (e.g. for TESSERA_BOOTSTRAP_TOKEN).
// `tessera token check <token>`: says whether a string is well formed (shape and checksum; no server).
// `tessera token create|list|revoke|rotate`: application-user tokens on a running token service.
// `tessera token scan PATH…`: the leak scanner (token-scan.ts).
import type { Command } from 'commander';
import { collect, positiveInteger, runApi, withApiOptions } from '../api-command.js';
import { registerScan } from './token-scan.js';
import { MAX_MAX_AGE_SECONDS, MIN_MAX_AGE_SECONDS, NEVER_EXPIRES } from '../../domain/token-limits.js';

/** --grace: a duration such as 1h, 30m, 90s or 1h30m, or whole seconds; the server checks the range. */
async function graceSeconds(value: string): Promise<number> {
  if (/^\d+$/.test(value)) return Number(value);
  const { parseGoDuration } = await import('../../terraform/framework/timeouts/go-duration.js');
  const ms = parseGoDuration(value);
  if (ms < 0 || ms % 1000 !== 0) throw new Error(`--grace must be a whole number of seconds (e.g. 90s, 30m, 1h), got '${value}'`);
  return ms / 1000;
}

export function register(program: Command): void {
  const token = program.command('token').description('Tessera tokens: generate/check offline; create/list/revoke on a running service');
  token
    .command('generate')
    .description('print a new random Tessera token (use it as TESSERA_BOOTSTRAP_TOKEN)')
    .action(async () => {
      const { generateToken } = await import('../../domain/token-format.js');
      process.stdout.write(`${generateToken()}\n`);
    });
  token
    .command('check')
    .description('check that a token is well formed (prefix, length, checksum); reads stdin when no argument')
    .argument('[token]')
    .action(async (value: string | undefined) => {
      const { checkToken } = await import('../../domain/token-format.js');
      let text = value;
      if (text === undefined) {
        const chunks: Buffer[] = [];
        for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
        text = Buffer.concat(chunks).toString('utf8').trim();
      }
      const result = checkToken(text);
      if (result.ok) process.stdout.write(`well formed; token_prefix ${result.tokenPrefix}\n`);
      else {
        process.stderr.write(`not a valid Tessera token: ${result.reason === 'bad_checksum' ? 'checksum mismatch' : 'malformed'}\n`);
        process.exitCode = 1;
      }
    });

  withApiOptions(token.command('create').description('create a token; prints it (with full_token, shown only this once)'))
    .argument('<organization_id>')
    .argument('<user_id>')
    .option('--description <text>', 'what the token is for')
    .option('--max-age <seconds>', `${MIN_MAX_AGE_SECONDS} to ${MAX_MAX_AGE_SECONDS}, or ${NEVER_EXPIRES} = never expires (default: the server default)`, positiveInteger('--max-age'))
    .option('--extend-when-used', 'each use moves the expiry to last use + max age')
    .option('--scope <scope>', 'restrict the token to a scope (repeatable)', collect)
    .option('--allow <cidr>', 'allow requests only from this CIDR (repeatable)', collect)
    .action(
      (org: string, user: string, opts: { url?: string; description?: string; maxAge?: number; extendWhenUsed?: boolean; scope?: string[]; allow?: string[] }) =>
        runApi(opts, (c) =>
          c.createApplicationUserToken(org, user, {
            description: opts.description ?? '',
            ...(opts.maxAge !== undefined ? { max_age_seconds: opts.maxAge } : {}),
            ...(opts.extendWhenUsed ? { extend_when_used: true } : {}),
            ...(opts.scope ? { scopes: opts.scope } : {}),
            ...(opts.allow ? { ip_allowlist: opts.allow } : {}),
          }),
        ),
    );
  withApiOptions(token.command('list').description("list a user's live tokens").argument('<organization_id>').argument('<user_id>')).action(
    (org: string, user: string, opts: { url?: string }) => runApi(opts, (c) => c.listApplicationUserTokens(org, user)),
  );
  withApiOptions(
    token
      .command('rotate')
      .description('replace a token by a new one with the same settings; the old one keeps working for --grace, then stops')
      .argument('<organization_id>')
      .argument('<user_id>')
      .argument('<token_prefix>'),
  )
    .option('--grace <duration>', 'how long the old token keeps working: 0 to 24h, e.g. 90s, 30m, 1h (default 1h)')
    .action((org: string, user: string, prefix: string, opts: { url?: string; grace?: string }) =>
      runApi(opts, async (c) => {
        const body = opts.grace === undefined ? {} : { grace_seconds: await graceSeconds(opts.grace) };
        return c.rotateApplicationUserToken(org, user, prefix, body);
      }),
    );
  registerScan(token);
  withApiOptions(token.command('revoke').description('revoke a token by its prefix').argument('<organization_id>').argument('<user_id>').argument('<token_prefix>')).action(
    (org: string, user: string, prefix: string, opts: { url?: string }) =>
      runApi(opts, async (c) => void (await c.deleteApplicationUserToken(org, user, prefix))),
  );
}
