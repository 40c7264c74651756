#!/usr/bin/env bash
# Runs `npm ci` and then the README's `npm test` on one supported Node line, in a copy of this checkout:
#   scripts/test-node-line.sh 22|24|20 [npm test arguments…]
# The copy has its own node_modules and dist/ built by that line's node (native addons against its
# headers, the plugin's code cache by its V8), so the lines never share a build or an addon, and the
# checkout's own node_modules (the machine's Node) stays as it was. That node comes first on PATH, so
# everything the tests start (bin/tessera, terraform's plugin launches, npm) runs on it.
# On Node >= 22 the optional better-sqlite3 is left out: node:sqlite is the driver there, and the
# suite then proves that nothing needs the native addon. The copy is removed afterwards.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd -P)
line=${1:?usage: $0 20|22|24 [npm test arguments…]}
shift

node=$("$root/scripts/node-lines.sh" "$line")
nodedir=$(dirname "$(dirname "$node")")
version=$("$node" --version)
copy=$(mktemp -d "${TMPDIR:-/tmp}/tessera-node-$version.XXXXXX")
trap 'rm -rf "$copy"' EXIT

# The checkout's files as git sees them (tracked and untracked, not ignored), without node_modules or dist.
(cd "$root" && git ls-files -z --cached --others --exclude-standard --deduplicate |
  tar --null --files-from=- --ignore-failed-read -cf - 2>/dev/null) | tar -xf - -C "$copy"

echo "== node $version ($node), in a copy of the checkout: $copy"
cd "$copy"
export PATH="$(dirname "$node"):$PATH"
export npm_config_nodedir="$nodedir"
if [ "${version%%.*}" = v20 ]; then
  npm ci --no-audit --no-fund
else
  # Every install script the package allows (package.json's allowScripts) but better-sqlite3's, which
  # would compile SQLite for nothing (--omit=optional cannot do it: esbuild's and TypeScript's
  # platform binaries are optional dependencies too); then the package's own prepare (the build).
  npm ci --no-audit --no-fund --ignore-scripts
  rm -rf node_modules/better-sqlite3
  mapfile -t scripted < <(node -e 'for (const n of Object.keys(require("./package.json").allowScripts ?? {})) if (n !== "better-sqlite3") console.log(n)')
  if [ ${#scripted[@]} -gt 0 ]; then npm rebuild --no-audit --no-fund "${scripted[@]}"; fi
  npm run prepare
fi
npm test ${1:+-- "$@"}
