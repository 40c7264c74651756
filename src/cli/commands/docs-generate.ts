/**
 * `tessera docs generate [--out docs] [--check]`: writes the provider docs (docs/index.md,
 * docs/resources/*.md, docs/data-sources/*.md, docs/ephemeral-resources/*.md) from the real provider's
 * schemas and examples/. With --check nothing is written: it exits 1 and lists the pages that are out
 * of date (CI runs the same comparison as a test).
 */
import type { Command } from 'commander';

export function register(program: Command): void {
  const docs = program.commands.find((c) => c.name() === 'docs') ?? program.command('docs').description('provider documentation');
  docs
    .command('generate')
    .description('generate the provider docs from the provider schemas and examples/')
    .option('--out <dir>', 'output folder (default: docs/ of the Tessera package)')
    .option('--examples <dir>', 'examples folder (default: examples/ of the Tessera package)')
    .option('--check', 'write nothing; exit 1 if the docs folder is out of date')
    .action(async (opts: { out?: string; examples?: string; check?: boolean }) => {
      // Loaded lazily: the provider and the generator are not needed by other commands.
      const { join, resolve } = await import('node:path');
      const { providerDocs, packageRoot } = await import('../../docs/provider-docs.js');
      const { staleDocs, writeDocs } = await import('../../docs/generate.js');
      const { createProviderServer } = await import('../../provider/index.js');
      const { providerDocMetadata } = await import('../../provider/docs/metadata.js');
      const root = packageRoot();
      const outDir = resolve(opts.out ?? join(root, 'docs'));
      const files = await providerDocs(createProviderServer(), {
        examplesDir: resolve(opts.examples ?? join(root, 'examples')),
        metadata: providerDocMetadata,
      });
      if (opts.check) {
        const stale = staleDocs(outDir, files);
        if (stale.length) {
          process.stderr.write(
            `docs are out of date in ${outDir}: ${stale.join(', ')}\nrun: bin/tessera docs generate\n`,
          );
          process.exitCode = 1;
        } else {
          process.stdout.write(`docs in ${outDir} are up to date (${files.size} pages)\n`);
        }
        return;
      }
      const written = writeDocs(outDir, files);
      process.stdout.write(`wrote ${written.length} pages to ${outDir}\n`);
    });
}
