/**
 * Docs for a running provider: asks its GetProviderSchema for the schemas, then generates the pages.
 * `tessera docs generate` and the docs-up-to-date test both go through here, so they cannot disagree.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProviderServer } from '../terraform/protocol/types.js';
import { generateDocs, type DocFiles } from './generate.js';
import type { ProviderDocMetadata } from './types.js';

export async function providerDocs(
  server: Pick<ProviderServer, 'getProviderSchema'>,
  options: { examplesDir: string; metadata?: ProviderDocMetadata; providerName?: string },
): Promise<DocFiles> {
  const schemas = await server.getProviderSchema();
  const errors = schemas.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) {
    throw new Error(`the provider's schema has errors: ${errors.map((d) => `${d.summary}: ${d.detail ?? ''}`).join('; ')}`);
  }
  return generateDocs({
    providerName: options.providerName ?? 'aiven',
    schemas,
    metadata: options.metadata,
    examplesDir: options.examplesDir,
  });
}

/** The package root (the folder with package.json), found from this module's location in src/ or dist/. */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}
