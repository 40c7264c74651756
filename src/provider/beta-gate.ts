/**
 * The beta gate: beta resources work only when PROVIDER_AIVEN_ENABLE_BETA is set to anything but empty
 * or "false". Wrapping a resource with {@link betaGated} makes its config validation fail with "Beta
 * Resource Not Enabled" otherwise, naming the resource and the variable — before anything is planned.
 */
import type { Diagnostics } from '../terraform/framework/diagnostics.js';

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

interface Validatable {
  typeName: string;
  validateConfig?(req: { typeName: string; config: any; diagnostics: Diagnostics }): void | Promise<void>;
}

/**
 * The same resource, data source or ephemeral resource, whose validation first checks the beta gate:
 * `betaGated(organizationApplicationUserResource, 'resource')`.
 */
export function betaGated<T extends Validatable>(item: T, kind: 'resource' | 'data source' | 'ephemeral resource' = 'resource'): T {
  const inner = item.validateConfig?.bind(item);
  return {
    ...item,
    async validateConfig(req: { typeName: string; config: any; diagnostics: Diagnostics }) {
      checkBetaEnabled(item.typeName, kind, req.diagnostics);
      if (inner) await inner(req);
    },
  };
}
