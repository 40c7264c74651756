/**
 * Entry point of the terraform-provider-aiven executable (bundled into dist/terraform-provider-aiven.mjs).
 * The handshake runs first; the heavy half (the gRPC server, protobufjs, the aiven provider) is loaded only
 * after the handshake line is out.
 *
 * The heavy half comes from dist/plugin-cjs/plugin-after-handshake.cjs with its V8 code cache when the
 * build made them (scripts/build.mjs; ~25 ms less per launch than importing the ESM chunks, and
 * terraform launches the plugin 3-5 times per command). Otherwise, or with
 * TESSERA_PLUGIN_CODE_CACHE=off, from the ESM chunks through dynamic imports the bundler keeps lazy.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { createGrpcPluginServer } from './protocol/grpc-server.js';
import { loadCodeCachedCjs } from './protocol/code-cached-cjs.js';
import { serve, type ServeOptions } from './protocol/serve.js';
import { stopOptimizingCompilers } from './protocol/v8-tiers.js';
import type { ProviderServer } from './protocol/types.js';

/** What dist/plugin-cjs/plugin-after-handshake.cjs exports (its entry is written in scripts/build.mjs). */
interface AfterHandshake {
  createGrpcPluginServer: typeof createGrpcPluginServer;
  createProviderServer: () => ProviderServer;
}

/**
 * Set by the CommonJS entry bundle's banner (scripts/build.mjs) to the after-handshake bundle beside
 * it, so that this start needs no URL conversions; the ESM entry finds it from import.meta.url.
 */
declare const __tesseraAfterHandshakeBundle: string | undefined;
const cachedBundle =
  typeof __tesseraAfterHandshakeBundle === 'string'
    ? __tesseraAfterHandshakeBundle
    : fileURLToPath(new URL('./plugin-cjs/plugin-after-handshake.cjs', import.meta.url));
const useCachedBundle = process.env.TESSERA_PLUGIN_CODE_CACHE !== 'off' && existsSync(cachedBundle);

let afterHandshake: { exports: AfterHandshake; codeCache: string } | undefined;
function loadAfterHandshake(): { exports: AfterHandshake; codeCache: string } {
  if (!afterHandshake) {
    const loaded = loadCodeCachedCjs(cachedBundle);
    afterHandshake = { exports: loaded.exports as AfterHandshake, codeCache: loaded.codeCache };
    // All the code is loaded (and the code caches checked against V8's flags): now the flags.
    stopOptimizingCompilers();
  }
  return afterHandshake;
}

const [loadProvider, options]: [() => Promise<ProviderServer>, ServeOptions] = useCachedBundle
  ? [
      async () => loadAfterHandshake().exports.createProviderServer(),
      {
        loadGrpcServer: async () => {
          const { exports, codeCache } = loadAfterHandshake();
          return { createGrpcPluginServer: exports.createGrpcPluginServer, loadedFrom: `cjs bundle (code cache ${codeCache})` };
        },
      },
    ]
  : [async () => (await import('../provider/index.js')).createProviderServer(), {}];

serve(loadProvider, options).catch((err: unknown) => {
  // Only start-up can fail here (e.g. the socket cannot be created); say so on stderr, not stdout.
  process.stderr.write(`terraform-provider-aiven could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
