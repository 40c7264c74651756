// Writes the V8 code cache of a wrapped CommonJS bundle (see src/terraform/protocol/code-cached-cjs.ts):
//   node scripts/produce-code-cache.cjs <bundle.cjs> [--as-plugin]   →   <bundle.cjs>.v8cache
// Run by scripts/build.mjs with the node that will run the plugin and no V8 flags, since V8 accepts a
// cache only for the same source, V8 version and flags. The bundle is run first, so the functions it
// calls land in the cache too, not only the outermost one:
// - by default its top level, then its `warmUpForCodeCache()` when it exports one (for the plugin's
//   after-handshake bundle: a served apply over mutual TLS against a stand-in API on loopback, see
//   src/terraform/protocol/code-cache-warm-up.ts); a failing warm-up fails this script, and the build
//   then goes on without the cache, with a warning;
// - with --as-plugin (the plugin's entry bundle), a real plugin start as terraform does it (magic
//   cookie, protocol 6, AutoMTLS with a client certificate, a socket in a temporary folder), the
//   handshake line captured instead of printed; once it has served for a moment the cache is written
//   and the process exits (which removes the socket folder). AutoMTLS because terraform always asks for
//   it: the server certificate's making then runs here, and its compiled code lands in the cache
//   (without it, each launch compiled it: ~6 ms of CPU before the handshake line).
'use strict';
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { tmpdir } = require('node:os');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');

const [bundleFile, mode] = process.argv.slice(2);
if (!bundleFile) throw new Error('usage: node scripts/produce-code-cache.cjs <bundle.cjs> [--as-plugin]');
const script = new Script(readFileSync(bundleFile, 'utf8'), { filename: bundleFile });
const wrapper = script.runInThisContext();
if (typeof wrapper !== 'function') throw new Error(`${bundleFile} is not a wrapped CommonJS bundle (it evaluates to ${typeof wrapper})`);
const writeCache = () => writeFileSync(`${bundleFile}.v8cache`, script.createCachedData());

// Stands in for the client certificate terraform passes in PLUGIN_CLIENT_CERT: any well-formed X.509
// certificate does (the plugin parses it and would pin it; nothing connects here). A self-signed
// ECDSA P-256 certificate for localhost, as the plugin's own (src/terraform/protocol/tls-cert.ts).
const TERRAFORM_CLIENT_CERTIFICATE = [
  '-----BEGIN CERTIFICATE-----',
  'MIIBojCCAUigAwIBAgIQVXY+FQsF1Y/91YlS7ZSwkTAKBggqhkjOPQQDAjAmMRAw',
  'DgYDVQQKDAdUZXNzZXJhMRIwEAYDVQQDDAlsb2NhbGhvc3QwHhcNMjYxMjAyMTAw',
  'OTAwWhcNMzYxMTI5MTAwOTMwWjAmMRAwDgYDVQQKDAdUZXNzZXJhMRIwEAYDVQQD',
  'DAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAREsI3Hhxdv02nU',
  'fmIv/6Bz6HFbw23FMRCyhmpmxqT21Fik8AGJbXSGxHDnvjIUpNXlF+HlR1sRv31S',
  'Miwj7tjGo1gwVjAOBgNVHQ8BAf8EBAMCAqwwHQYDVR0lBBYwFAYIKwYBBQUHAwEG',
  'CCsGAQUFBwMCMA8GA1UdEwEB/wQFMAMBAf8wFAYDVR0RBA0wC4IJbG9jYWxob3N0',
  'MAoGCCqGSM49BAMCA0gAMEUCIQDYXU1oLFIrwcSFO2yRrdAkpfj0FWmJDHK8Iktw',
  'BCL6igIgTZB1RIlImed0c8d5tAXgkpwb6V1IoM9PYvkBLTWAC18=',
  '-----END CERTIFICATE-----',
].join('\n');

if (mode === '--as-plugin') {
  // Once its code is loaded the plugin turns V8's optimizing compilers off (src/terraform/protocol/
  // v8-tiers.ts); a cache written after that would carry those flags, and V8 would refuse it at every
  // launch, which starts without them. Here the flags stay as they are.
  require('node:v8').setFlagsFromString = () => {};
  // The magic cookie of src/terraform/protocol/handshake.ts; were it wrong, the plugin would exit 1
  // here and the build would go on without this cache.
  process.env.TF_PLUGIN_MAGIC_COOKIE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';
  process.env.PLUGIN_PROTOCOL_VERSIONS = '6';
  process.env.PLUGIN_CLIENT_CERT = TERRAFORM_CLIENT_CERTIFICATE;
  const socketParent = mkdtempSync(join(tmpdir(), 'tessera-code-cache-'));
  process.env.PLUGIN_UNIX_SOCKET_DIR = socketParent;
  process.on('exit', () => rmSync(socketParent, { recursive: true, force: true }));
  let handshake = '';
  // serve() writes the line to file descriptor 1 with fs.writeSync; keep it instead.
  const fs = require('node:fs');
  const writeSync = fs.writeSync;
  fs.writeSync = (fd, data, ...rest) => (fd === 1 ? ((handshake += String(data)), String(data).length) : writeSync(fd, data, ...rest));
  const bundleModule = { exports: {} };
  wrapper(bundleModule.exports, createRequire(bundleFile), bundleModule, bundleFile, dirname(bundleFile));
  setTimeout(() => {
    if (!/^1\|6\|unix\|.*\|grpc\|./.test(handshake)) throw new Error(`the plugin gave no handshake line (got ${JSON.stringify(handshake)})`);
    writeCache();
    process.exit(0);
  }, 1500);
} else {
  const bundleModule = { exports: {} };
  wrapper(bundleModule.exports, createRequire(bundleFile), bundleModule, bundleFile, dirname(bundleFile));
  const warmUp = typeof bundleModule.exports.warmUpForCodeCache === 'function' ? bundleModule.exports.warmUpForCodeCache() : undefined;
  // Exits once written: nothing the warm-up opened may keep the build waiting.
  Promise.resolve(warmUp).then(() => {
    writeCache();
    process.exit(0);
  });
}
