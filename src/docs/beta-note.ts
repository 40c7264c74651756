/**
 * The beta note the Aiven provider appends to the description of every beta resource. Kept here so the
 * provider's schema descriptions and the generated docs say exactly the same words.
 */
import type { DocKind } from './types.js';

const KIND_NOUN: Record<DocKind, string> = {
  resource: 'resource',
  'data-source': 'data source',
  'ephemeral-resource': 'ephemeral resource',
};

export function betaNote(kind: DocKind = 'resource'): string {
  const noun = KIND_NOUN[kind];
  return (
    `**This ${noun} is in the beta stage and may change without notice.** Set\n` +
    `the \`PROVIDER_AIVEN_ENABLE_BETA\` environment variable to use the ${noun}.`
  );
}

/** `description` followed by the beta note as its own paragraph (unless it is already there). */
export function withBetaNote(description: string, kind: DocKind = 'resource'): string {
  const note = betaNote(kind);
  if (description.includes(note)) return description;
  return description === '' ? note : `${description}\n\n${note}`;
}
