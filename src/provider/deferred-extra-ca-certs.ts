/**
 * NODE_EXTRA_CA_CERTS, honoured lazily.
 *
 * Node parses the NODE_EXTRA_CA_CERTS bundle eagerly at process start — about 80 ms for a system
 * bundle on our machines, more than half of a bare `node -e 0` — and terraform launches the plugin 3–5
 * times per command, most of them never making an HTTPS request. So the launcher
 * (bin/terraform-provider-aiven) moves the variable to {@link DEFERRED_EXTRA_CA_CERTS}, and this module
 * gives the API client a fetch that trusts those certificates besides Node's own roots, read on the
 * first HTTPS request only. Plain-HTTP requests (a local Tessera) never pay for it.
 */
import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';

export const DEFERRED_EXTRA_CA_CERTS = 'TESSERA_DEFERRED_EXTRA_CA_CERTS';

/** A fetch that adds the deferred extra CA certificates to HTTPS requests; undefined when none were deferred. */
export function fetchWithDeferredExtraCaCerts(env: NodeJS.ProcessEnv = process.env): typeof fetch | undefined {
  const path = env[DEFERRED_EXTRA_CA_CERTS];
  if (!path) return undefined;
  let httpsFetch: Promise<typeof fetch> | undefined;
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith('https:')) return fetch(input, init);
    httpsFetch ??= fetchTrusting(path);
    return (await httpsFetch)(input, init);
  };
}

async function fetchTrusting(path: string): Promise<typeof fetch> {
  let extra: string;
  try {
    extra = await readFile(path, 'utf8');
  } catch (err) {
    // Node itself only warns when the bundle cannot be read, and carries on with its own roots.
    process.emitWarning(`Ignoring extra certificates from ${path}: ${(err as Error).message}`);
    return fetch;
  }
  const undici = await import('undici');
  const dispatcher = new undici.Agent({ connect: { ca: [...rootCertificates, extra] } });
  return ((input: Parameters<typeof fetch>[0], init?: RequestInit) =>
    undici.fetch(input as never, { ...(init as object), dispatcher } as never)) as unknown as typeof fetch;
}
