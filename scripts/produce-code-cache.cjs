// Writes the V8 code cache of a wrapped CommonJS bundle (see src/terraform/protocol/code-cached-cjs.ts):
//   node scripts/produce-code-cache.cjs <bundle.cjs>   →   <bundle.cjs>.v8cache
// Run by scripts/build.mjs with the node that will run the plugin and no V8 flags, since V8 accepts a
// cache only for the same source, V8 version and flags. The bundle's top level is run first, so the
// functions it calls while loading (grpc-js, protobufjs reflection, the provider's schema objects) are
// compiled and land in the cache too, not only the outermost function; so are those of the bundle's
// `warmUpForCodeCache()` when it exports one (the first RPCs of every launch).
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname } = require('node:path');
const { Script } = require('node:vm');

const bundleFile = process.argv[2];
if (!bundleFile) throw new Error('usage: node scripts/produce-code-cache.cjs <bundle.cjs>');
const script = new Script(readFileSync(bundleFile, 'utf8'), { filename: bundleFile });
const wrapper = script.runInThisContext();
if (typeof wrapper !== 'function') throw new Error(`${bundleFile} is not a wrapped CommonJS bundle (it evaluates to ${typeof wrapper})`);
const bundleModule = { exports: {} };
wrapper(bundleModule.exports, createRequire(bundleFile), bundleModule, bundleFile, dirname(bundleFile));
const warmUp = typeof bundleModule.exports.warmUpForCodeCache === 'function' ? bundleModule.exports.warmUpForCodeCache() : undefined;
Promise.resolve(warmUp).then(() => writeFileSync(`${bundleFile}.v8cache`, script.createCachedData()));
