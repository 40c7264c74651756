/**
 * The beta gate: beta resources work only when PROVIDER_AIVEN_ENABLE_BETA is set to anything but empty
 * or "false". Wrapping a resource with {@link betaGated} (in resource-list.ts, the one place a type is
 * declared beta) makes its config validation fail with "Beta Resource Not Enabled" otherwise, naming
 * the resource and the variable — before anything is planned — and ends its schema description with
 * the beta note, which the schema text terraform shows and the generated docs both carry.
 */
import { withBetaNote } from '../docs/beta-note.js';
import type { DocKind } from '../docs/types.js';
import type { Diagnostics } from '../terraform/framework/diagnostics.js';
import type { SchemaDefinition } from '../terraform/framework/schema/schema.js';

export const BETA_ENV_VAR = 'PROVIDER_AIVEN_ENABLE_BETA';

export function isBetaEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env[BETA_ENV_VAR];
  return value !== undefined && value !== '' && value.toLowerCase() !== 'false';
}

/** Adds the "Beta Resource Not Enabled" error unless beta is enabled. */
export function checkBetaEnabled(typeName: string, kind: string, diagnostics: Diagnostics, env: NodeJS.ProcessEnv = process.env): void {
  if (isBetaEnabled(env)) return;
  diagnostics.addError(
    'Beta Resource Not Enabled',
    `The ${kind} ${typeName} is in the beta stage and may change without notice. Set the ${BETA_ENV_VAR} environment variable (to anything but empty or "false") to use it.`,
  );
}

type BetaKind = 'resource' | 'data source' | 'ephemeral resource';
const DOC_KIND: Record<BetaKind, DocKind> = { resource: 'resource', 'data source': 'data-source', 'ephemeral resource': 'ephemeral-resource' };

interface Validatable {
  typeName: string;
  schema: SchemaDefinition<any, any>;
  validateConfig?(req: { typeName: string; config: any; diagnostics: Diagnostics }): void | Promise<void>;
}

/**
 * The same resource, data source or ephemeral resource, whose validation first checks the beta gate
 * and whose description ends with the beta note: `betaGated(organizationApplicationUserResource, 'resource')`.
 */
export function betaGated<T extends Validatable>(item: T, kind: BetaKind = 'resource'): T {
  const inner = item.validateConfig?.bind(item);
  const { schema } = item;
  return {
    ...item,
    schema: { ...schema, markdownDescription: withBetaNote(schema.markdownDescription ?? schema.description ?? '', DOC_KIND[kind]) },
    async validateConfig(req: { typeName: string; config: any; diagnostics: Diagnostics }) {
      checkBetaEnabled(item.typeName, kind, req.diagnostics);
      if (inner) await inner(req);
    },
  };
}
