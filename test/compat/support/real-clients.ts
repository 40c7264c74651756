// The real clients, through scripts/real-clients.sh (which builds or installs each on first use into a
// cache outside the checkout). A client that cannot be obtained fails the test that needs it: the compat
// suite never skips.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/tessera.js';

export type RealClient = 'tofu' | 'official-provider' | 'avn' | 'terraform-host';

const paths = new Map<RealClient, string>();

/** The absolute path of a real client's executable; throws (failing the test) when it cannot be had. */
export function realClient(name: RealClient): string {
  let path = paths.get(name);
  if (path === undefined) {
    // a first build of tofu or the official provider takes minutes on a busy machine
    const r = spawnSync(join(REPO_ROOT, 'scripts', 'real-clients.sh'), [name], { encoding: 'utf8', timeout: 45 * 60_000 });
    path = r.stdout.trim();
    if (r.status !== 0 || !path.startsWith('/')) {
      throw new Error(`scripts/real-clients.sh ${name} failed (exit ${r.status ?? r.signal}): the compat tests need the real client\n${r.stderr}`);
    }
    paths.set(name, path);
  }
  return path;
}
