/**
 * Loads a CommonJS bundle with the V8 code cache made for it at build time, so a plugin launch
 * deserializes compiled bytecode instead of parsing and compiling ~300 KB of protocol code, protobufjs and the provider
 * (terraform launches the plugin 3-5 times per command; the ESM chunk costs ~70 ms to import, this
 * ~45 ms on the machine it was measured on).
 *
 * The bundle file is one function expression, `(function (exports, require, module, __filename,
 * __dirname) {…})` (scripts/build.mjs wraps it), compiled verbatim both here and by
 * scripts/produce-code-cache.cjs, because V8 accepts a cache only for the same source, V8 version and
 * V8 flags. When it does not (another node, other flags, a stale or damaged file) V8 says so and
 * compiles the source as usual: the cache can make a launch faster, never wrong.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/** The code cache's file: next to the bundle. */
export function codeCacheFileOf(bundleFile: string): string {
  return `${bundleFile}.v8cache`;
}

export type CodeCacheOutcome = 'accepted' | 'rejected' | 'absent';

export interface LoadedCjs {
  exports: unknown;
  codeCache: CodeCacheOutcome;
}

type CjsWrapper = (exports: object, require: (id: string) => unknown, module: { exports: unknown }, filename: string, dirname: string) => void;

/**
 * The `require` the bundles get: they are bundled with every package inside, so they only ever ask for
 * Node built-ins (`http2`, `node:tls`…). process.getBuiltinModule answers those without node:module's
 * createRequire (which each launch otherwise loaded and ran before the handshake line).
 */
function requireBuiltin(id: string): unknown {
  const builtin = process.getBuiltinModule(id);
  if (builtin === undefined) throw new Error(`the plugin bundles require only Node built-ins, not ${JSON.stringify(id)}`);
  return builtin;
}

/** Compiles (with the code cache when there is one) and runs the wrapped CommonJS bundle `bundleFile`. */
export function loadCodeCachedCjs(bundleFile: string): LoadedCjs {
  // latin1, not utf8: the same string for the ASCII bundles the build makes (scripts/build.mjs checks),
  // decoded without UTF-8 validation, a few ms less on each launch.
  const source = readFileSync(bundleFile, 'latin1');
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(codeCacheFileOf(bundleFile));
  } catch {
    // No cache (e.g. the build could not make one): compile from source.
  }
  const script = new Script(source, { filename: bundleFile, cachedData });
  const wrapper: unknown = script.runInThisContext();
  if (typeof wrapper !== 'function') {
    throw new Error(`${bundleFile} is not a wrapped CommonJS bundle (it evaluates to ${typeof wrapper}, not a function)`);
  }
  const module = { exports: {} as unknown };
  (wrapper as CjsWrapper)(module.exports as object, requireBuiltin, module, bundleFile, dirname(bundleFile));
  return {
    exports: module.exports,
    codeCache: cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'accepted',
  };
}
