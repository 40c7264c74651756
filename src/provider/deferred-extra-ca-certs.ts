/**
 * NODE_EXTRA_CA_CERTS, honoured lazily.
 *
 * Node parses the NODE_EXTRA_CA_CERTS bundle eagerly at process start — about 80 ms for a system
 * bundle on our machines, more than half of a bare `node -e 0` — and terraform launches the plugin 3–5
 * times per command, most of them never making an HTTPS request. So the launcher
 * (bin/terraform-provider-aiven) moves the variable to {@link DEFERRED_EXTRA_CA_CERTS}, and this module
 * gives the API client's exchange the CA certificates HTTPS connections trust: those and Node's own
 * roots, read on the first HTTPS request only. Plain-HTTP requests (a local Tessera) never pay for it.
 */
import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';

export const DEFERRED_EXTRA_CA_CERTS = 'TESSERA_DEFERRED_EXTRA_CA_CERTS';

/**
 * The launcher's option (bin/terraform-provider-aiven) that keeps Node >= 22 from parsing its bundled
 * root certificates at each launch. It also makes Node's default trust OpenSSL's store, so the API
 * client then names Node's bundled roots itself.
 */
export const LAUNCHER_CA_STORE_OPTION = '--use-openssl-ca';

/**
 * The trusted CA certificates for the client's HTTPS connections, read when its first one is made:
 * Node's bundled roots and the deferred extra CA certificates; or, with none deferred but the
 * launcher's {@link LAUNCHER_CA_STORE_OPTION}, Node's bundled roots alone (what Node trusts without
 * the option). Undefined otherwise: Node's default trust is then the right one (including a CA store
 * the user chose in NODE_OPTIONS).
 */
export function deferredTlsCa(env: NodeJS.ProcessEnv = process.env, execArgv: readonly string[] = process.execArgv): (() => Promise<string[]>) | undefined {
  const path = env[DEFERRED_EXTRA_CA_CERTS];
  if (path) return () => rootsAnd(path);
  if (execArgv.includes(LAUNCHER_CA_STORE_OPTION)) return async () => [...rootCertificates];
  return undefined;
}

async function rootsAnd(path: string): Promise<string[]> {
  try {
    return [...rootCertificates, await readFile(path, 'utf8')];
  } catch (err) {
    // Node itself only warns when the bundle cannot be read, and carries on with its own roots.
    process.emitWarning(`Ignoring extra certificates from ${path}: ${(err as Error).message}`);
    return [...rootCertificates];
  }
}
