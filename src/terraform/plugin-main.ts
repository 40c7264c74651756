/**
 * Entry point of the terraform-provider-aiven executable (bundled into dist/terraform-provider-aiven.mjs).
 * The handshake runs first; the aiven provider (framework, client, resources) is loaded only after the
 * handshake line is out, through a dynamic import the bundler keeps lazy.
 */
import { serve } from './protocol/serve.js';

void serve(async () => (await import('../provider/index.js')).createProviderServer());
