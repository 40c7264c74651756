/** Tessera's version: the package's, inlined at build time (esbuild bundles the JSON). One source for
 * the CLI's --version, the client's User-Agent, the OpenAPI document and the provider. */
import pkg from '../package.json' with { type: 'json' };

export const TESSERA_VERSION: string = pkg.version;
