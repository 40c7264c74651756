// `tessera token generate`: prints a fresh, well-formed Tessera token (e.g. for TESSERA_BOOTSTRAP_TOKEN).
// `tessera token check <token>`: says whether a string is well formed (shape and checksum; no server).
import type { Command } from 'commander';

export function register(program: Command): void {
  const token = program.command('token').description('Tessera token utilities (offline)');
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
}
