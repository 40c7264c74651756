/**
 * The provider docs generator (tfplugindocs' format, written for Tessera): schema + metadata +
 * examples/ → docs/. `tessera docs generate` drives it with the real provider's schema.
 */
export { generateDocs, writeDocs, staleDocs, docFileName, type DocFiles, type GenerateDocsInput } from './generate.js';
export { renderPage, renderProviderIndex, pageDescription } from './page.js';
export { renderSchemaMarkdown } from './schema-markdown.js';
export { betaNote, withBetaNote } from './beta-note.js';
export type { DocKind, DocMetadata, ProviderDocMetadata } from './types.js';
