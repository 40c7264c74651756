/** The provider's version: the package's, inlined at build time (esbuild bundles the JSON). */
import pkg from '../../package.json' with { type: 'json' };

export const PROVIDER_VERSION: string = pkg.version;
