// The tessera CLI. Kept light: each command registers itself and loads its heavy modules (fastify,
// better-sqlite3, the provider…) lazily inside its action.
import { Command } from 'commander';
import { TESSERA_VERSION } from '../version.js';
import { register as registerServe } from './commands/serve.js';
import { register as registerToken } from './commands/token.js';
import { register as registerOrg } from './commands/org.js';
import { register as registerUser } from './commands/user.js';

const program = new Command();
program.name('tessera').description('Tessera: organization application users and their API tokens').version(TESSERA_VERSION);

registerServe(program);
registerToken(program);
registerOrg(program);
registerUser(program);
(await import('./commands/events.js')).register(program);
(await import('./commands/provider-install.js')).register(program);
(await import('./commands/docs-generate.js')).register(program);
(await import('./commands/db.js')).register(program);

await program.parseAsync(process.argv);
