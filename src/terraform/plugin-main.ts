/**
 * Entry point of the terraform-provider-aiven executable (bundled into dist/terraform-provider-aiven.mjs).
 * The handshake runs first; the aiven provider (framework, client, resources) is loaded only after the
 * handshake line is out, through a dynamic import the bundler keeps lazy.
 */
import { serve } from './protocol/serve.js';

serve(async () => (await import('../provider/index.js')).createProviderServer()).catch((err: unknown) => {
  // Only start-up can fail here (e.g. the socket cannot be created); say so on stderr, not stdout.
  process.stderr.write(`terraform-provider-aiven could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
