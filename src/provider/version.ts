/** The provider's version: Tessera's (the package's), as terraform sees it. */
export { TESSERA_VERSION as PROVIDER_VERSION } from '../version.js';
