#!/usr/bin/env bash
# Real clients for the compatibility tests, built or installed on first use into a cache outside the
# checkout, one folder per pinned version (a second run on the same machine reuses it).
#
#   scripts/real-clients.sh tofu|official-provider|avn|terraform-host
#
# prints exactly one absolute path on stdout (the executable); everything else goes to stderr.
#   tofu               OpenTofu, built from the Go module proxy
#   official-provider  Aiven's Go provider (terraform-provider-aiven), built with `go build`
#   avn                the avn CLI (PyPI aiven-client) in its own virtual environment
#   terraform-host     the binary the e2e suite drives: `terraform` on PATH, else the built tofu
#
# Cache: $TESSERA_REAL_CLIENTS_CACHE, default ${XDG_CACHE_HOME:-~/.cache}/tessera/real-clients.
set -euo pipefail

TOFU_VERSION=v1.12.6
OFFICIAL_PROVIDER_MODULE=github.com/aiven/terraform-provider-aiven/v4
OFFICIAL_PROVIDER_VERSION=v4.47.0
AIVEN_CLIENT_VERSION=4.18.0

CACHE="${TESSERA_REAL_CLIENTS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tessera/real-clients}"
log() { echo "real-clients: $*" >&2; }

# Runs "$@" (which builds into the folder $1) once per cache folder, under a lock so parallel test files
# wait for one build instead of racing. Built in place (a virtual environment cannot move), and trusted
# only once the .complete marker is written: an interrupted build is redone from scratch.
build_once() {
  local dir="$1"; shift
  [ -e "$dir/.complete" ] && return 0
  mkdir -p "$CACHE"
  exec 9>"$dir.lock"
  flock 9
  if [ ! -e "$dir/.complete" ]; then
    rm -rf "$dir"
    mkdir -p "$dir"
    local started=$SECONDS
    log "building $(basename "$dir") into $dir (first use; later runs reuse it)"
    if ! "$@" "$dir" >&2; then
      rm -rf "$dir"
      log "building $(basename "$dir") failed"
      exit 1
    fi
    touch "$dir/.complete"
    log "built $(basename "$dir") in $((SECONDS - started)) s"
  fi
  exec 9>&-
}

need_go() {
  command -v go >/dev/null 2>&1 || { log "the Go toolchain (go) is not on PATH"; exit 1; }
}

# OpenTofu's go.mod replaces github.com/hashicorp/hcl/v2 with OpenTofu's fork; `replace` lines apply only
# in the main module, so a small build module repeats that one line (read from the pinned go.mod).
build_tofu() {
  local out="$1" gomod replace
  need_go
  gomod="$(go mod download -json "github.com/opentofu/opentofu@$TOFU_VERSION" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')"
  replace="$(grep -E '^replace github.com/hashicorp/hcl/v2 ' "$gomod")" || { log "no hcl replace in $gomod"; return 1; }
  mkdir -p "$out/build"
  cat >"$out/build/go.mod" <<EOF
module tessera.invalid/build-tofu

go $(sed -n 's/^go //p' "$gomod")

$replace
EOF
  (
    cd "$out/build"
    go get "github.com/opentofu/opentofu/cmd/tofu@$TOFU_VERSION"
    nice go build -trimpath -ldflags "-s -w" -o "$out/tofu" github.com/opentofu/opentofu/cmd/tofu
  )
  "$out/tofu" version >&2
}

# The provider's executable keeps the registry naming (terraform-provider-aiven) so a dev_overrides
# block can point at its folder.
build_official_provider() {
  local out="$1"
  need_go
  mkdir -p "$out/build"
  cat >"$out/build/go.mod" <<EOF
module tessera.invalid/build-official-provider

go 1.24
EOF
  (
    cd "$out/build"
    go get "$OFFICIAL_PROVIDER_MODULE@$OFFICIAL_PROVIDER_VERSION"
    nice go build -trimpath -ldflags "-s -w" -o "$out/terraform-provider-aiven" "$OFFICIAL_PROVIDER_MODULE"
  )
}

install_avn() {
  local out="$1" python
  python="$(command -v python3 || true)"
  [ -n "$python" ] || { log "python3 is not on PATH"; return 1; }
  "$python" -m venv "$out/venv"
  "$out/venv/bin/pip" install --quiet --disable-pip-version-check "aiven-client==$AIVEN_CLIENT_VERSION"
  "$out/venv/bin/avn" --version >&2
}

tofu_path() {
  local dir="$CACHE/tofu-$TOFU_VERSION"
  build_once "$dir" build_tofu
  echo "$dir/tofu"
}

case "${1:-}" in
  tofu)
    tofu_path
    ;;
  official-provider)
    dir="$CACHE/official-provider-${OFFICIAL_PROVIDER_VERSION}"
    build_once "$dir" build_official_provider
    echo "$dir/terraform-provider-aiven"
    ;;
  avn)
    dir="$CACHE/avn-$AIVEN_CLIENT_VERSION"
    build_once "$dir" install_avn
    echo "$dir/venv/bin/avn"
    ;;
  terraform-host)
    if command -v terraform >/dev/null 2>&1; then
      command -v terraform
    else
      log "terraform is not on PATH; using OpenTofu"
      tofu_path
    fi
    ;;
  *)
    echo "usage: $0 tofu|official-provider|avn|terraform-host" >&2
    exit 2
    ;;
esac
