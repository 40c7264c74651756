#!/usr/bin/env bash
# Installs schemathesis (pinned, from PyPI) into a virtual environment outside the checkout, cached by
# version, and prints the path of its `st` executable on stdout. Idempotent: a finished install is reused;
# an interrupted one (no .installed marker) is removed and done again.
#   scripts/install-schemathesis.sh            -> ~/.cache/tessera/schemathesis-<version>/bin/st
#   scripts/install-schemathesis.sh --check    -> the same path if installed, else exit 1 (installs nothing)
# TESSERA_CACHE_DIR moves the cache; PYTHON picks the interpreter (default python3).
set -euo pipefail
VERSION=4.32.5
CACHE="${TESSERA_CACHE_DIR:-$HOME/.cache/tessera}"
VENV="$CACHE/schemathesis-$VERSION"
if [ -x "$VENV/bin/st" ] && [ -f "$VENV/.installed" ]; then
  echo "$VENV/bin/st"
  exit 0
fi
if [ "${1:-}" = "--check" ]; then
  echo "schemathesis $VERSION is not installed in $VENV: run scripts/install-schemathesis.sh (.ci/run does)" >&2
  exit 1
fi
rm -rf "$VENV"
mkdir -p "$CACHE"
"${PYTHON:-python3}" -m venv "$VENV" >&2
"$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION" >&2
"$VENV/bin/st" --version >&2
touch "$VENV/.installed"
echo "$VENV/bin/st"
