/**
 * NODE_EXTRA_CA_CERTS, honoured lazily.
 *
 * Node parses the NODE_EXTRA_CA_CERTS bundle eagerly at process start — about 80 ms for a system
 * bundle on our machines, more than half of a bare `node -e 0` — and terraform launches the plugin 3–5
 * times per command, most of them never making an HTTPS request. So the launcher
 * (bin/terraform-provider-aiven) moves the variable to {@link DEFERRED_EXTRA_CA_CERTS}, and this module
 * gives the API client an HTTPS agent that trusts those certificates besides Node's own roots, made on
 * the first HTTPS request only. Plain-HTTP requests (a local Tessera) never pay for it.
 */
import { readFile } from 'node:fs/promises';
import { Agent } from 'node:https';
import { rootCertificates } from 'node:tls';
import { keepAliveAgentOptions } from '../client/node-http-exchange.js';

export const DEFERRED_EXTRA_CA_CERTS = 'TESSERA_DEFERRED_EXTRA_CA_CERTS';

/**
 * Makes the HTTPS agent trusting the deferred extra CA certificates (for the client's exchange, which
 * calls it on its first HTTPS request); undefined when none were deferred.
 */
export function httpsAgentWithDeferredExtraCaCerts(env: NodeJS.ProcessEnv = process.env): (() => Promise<Agent>) | undefined {
  const path = env[DEFERRED_EXTRA_CA_CERTS];
  if (!path) return undefined;
  return () => agentTrusting(path);
}

async function agentTrusting(path: string): Promise<Agent> {
  let extra: string;
  try {
    extra = await readFile(path, 'utf8');
  } catch (err) {
    // Node itself only warns when the bundle cannot be read, and carries on with its own roots.
    process.emitWarning(`Ignoring extra certificates from ${path}: ${(err as Error).message}`);
    return new Agent(keepAliveAgentOptions);
  }
  return new Agent({ ...keepAliveAgentOptions, ca: [...rootCertificates, extra] });
}
