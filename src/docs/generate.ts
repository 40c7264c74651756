/**
 * The docs generator: a provider schema (GetProviderSchemaResponse) + per-type metadata + the examples/
 * folder → the files of docs/, named as tfplugindocs names them (the type name without the provider's
 * `aiven_` prefix). Pure apart from reading examples; writing is {@link writeDocs}.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { GetProviderSchemaResponse, Schema } from '../terraform/protocol/types.js';
import { renderPage, renderProviderIndex } from './page.js';
import { KIND_WORDS, type DocKind, type DocMetadata, type ProviderDocMetadata } from './types.js';

export interface GenerateDocsInput {
  providerName: string;
  schemas: GetProviderSchemaResponse;
  metadata?: ProviderDocMetadata;
  /** The examples/ folder; missing files simply mean no Example Usage / Import section. */
  examplesDir: string;
}

/** Relative path under docs/ → file contents. */
export type DocFiles = Map<string, string>;

function readOptional(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

export function docFileName(providerName: string, typeName: string): string {
  const prefix = `${providerName}_`;
  return `${typeName.startsWith(prefix) ? typeName.slice(prefix.length) : typeName}.md`;
}

export function generateDocs(input: GenerateDocsInput): DocFiles {
  const files: DocFiles = new Map();
  const { schemas, metadata = {}, examplesDir, providerName } = input;

  files.set(
    'index.md',
    renderProviderIndex({
      providerName,
      schema: schemas.provider,
      description: metadata.provider?.description,
      example: readOptional(join(examplesDir, 'provider', 'provider.tf')),
    }),
  );

  const kinds: [DocKind, Record<string, Schema>, Record<string, DocMetadata> | undefined][] = [
    ['resource', schemas.resourceSchemas, metadata.resources],
    ['data-source', schemas.dataSourceSchemas, metadata.dataSources],
    ['ephemeral-resource', schemas.ephemeralResourceSchemas, metadata.ephemeralResources],
  ];
  for (const [kind, byType, kindMetadata] of kinds) {
    const words = KIND_WORDS[kind];
    for (const typeName of Object.keys(byType).sort()) {
      const exampleDir = join(examplesDir, words.examplesFolder, typeName);
      files.set(
        `${words.folder}/${docFileName(providerName, typeName)}`,
        renderPage({
          kind,
          typeName,
          schema: byType[typeName],
          metadata: kindMetadata?.[typeName],
          example: readOptional(join(exampleDir, words.exampleFile)),
          importScript: kind === 'resource' ? readOptional(join(exampleDir, 'import.sh')) : undefined,
        }),
      );
    }
  }
  return files;
}

const GENERATED_FOLDERS = Object.values(KIND_WORDS).map((words) => words.folder);

/**
 * Writes the files under outDir, and removes pages of the generated folders that no longer correspond
 * to a type (so a removed resource does not leave a stale page). Other files in outDir are left alone.
 */
export function writeDocs(outDir: string, files: DocFiles): string[] {
  for (const folder of GENERATED_FOLDERS) {
    const dir = join(outDir, folder);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir)) {
      if (entry.endsWith('.md') && !files.has(`${folder}/${entry}`)) rmSync(join(dir, entry));
    }
  }
  const written: string[] = [];
  for (const [relative, contents] of files) {
    const path = join(outDir, relative);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, contents);
    written.push(path);
  }
  return written;
}

/** The generated files whose contents differ from (or are missing in) outDir, plus stale pages there. */
export function staleDocs(outDir: string, files: DocFiles): string[] {
  const stale: string[] = [];
  for (const [relative, contents] of files) {
    if (readOptional(join(outDir, relative)) !== contents) stale.push(relative);
  }
  for (const folder of GENERATED_FOLDERS) {
    const dir = join(outDir, folder);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir)) {
      if (entry.endsWith('.md') && !files.has(`${folder}/${entry}`)) stale.push(`${folder}/${entry}`);
    }
  }
  return stale.sort();
}
