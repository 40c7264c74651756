/**
 * The plugin's CommonJS start file, dist/plugin-cjs/launch.cjs (bin/terraform-provider-aiven runs it
 * when the build made it): runs the whole entry bundle dist/plugin-cjs/plugin-main.cjs with its V8 code
 * cache. Compared with `node dist/terraform-provider-aiven.mjs` this skips node's ESM loader start-up
 * and compiling the handshake half (~10-15 ms before the handshake line, on each of terraform's 3-5
 * launches per command). Everything else, including the fallbacks, is plugin-main's own logic.
 */
import { join } from 'node:path';
import { loadCodeCachedCjs } from './code-cached-cjs.js';

loadCodeCachedCjs(join(__dirname, 'plugin-main.cjs'));
