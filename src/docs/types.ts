/**
 * The inputs of the provider docs generator: what kind of page, and the per-type metadata the schema
 * alone does not carry (beta flag, subcategory, a description override).
 */

/** The four page kinds tfplugindocs writes, with the folder and heading word each uses. */
export type DocKind = 'resource' | 'data-source' | 'ephemeral-resource';

export interface DocMetadata {
  /** Markdown description; defaults to the schema block's description. */
  description?: string;
  /** Beta resources get the beta note (unless their description already carries it). */
  beta?: boolean;
  /** Front-matter subcategory; "" when absent, as tfplugindocs writes it. */
  subcategory?: string;
}

/** Metadata per type name, for each kind. Types without an entry get the defaults. */
export interface ProviderDocMetadata {
  provider?: { description?: string };
  resources?: Record<string, DocMetadata>;
  dataSources?: Record<string, DocMetadata>;
  ephemeralResources?: Record<string, DocMetadata>;
}

export const KIND_WORDS: Record<DocKind, { heading: string; folder: string; exampleFile: string; examplesFolder: string }> = {
  resource: { heading: 'Resource', folder: 'resources', exampleFile: 'resource.tf', examplesFolder: 'resources' },
  'data-source': {
    heading: 'Data Source',
    folder: 'data-sources',
    exampleFile: 'data-source.tf',
    examplesFolder: 'data-sources',
  },
  'ephemeral-resource': {
    heading: 'Ephemeral Resource',
    folder: 'ephemeral-resources',
    exampleFile: 'ephemeral-resource.tf',
    examplesFolder: 'ephemeral-resources',
  },
};
