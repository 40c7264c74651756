#!/usr/bin/env bash
# Real clients for the compatibility tests, built or installed on first use into a cache outside the
# checkout, one folder per pinned version (a second run on the same machine reuses it).
#
#   scripts/real-clients.sh tofu|official-provider|avn|terraform-host
#
# prints exactly one absolute path on stdout (the executable); everything else goes to stderr.
#   tofu               OpenTofu, built from the Go module proxy
#   official-provider  Aiven's Go provider (terraform-provider-aiven), built with `go build` from the
#                      Go module proxy (see below: where the proxy refuses it, only a cached build serves)
#   avn                the avn CLI (PyPI aiven-client) in its own virtual environment
#   terraform-host     the binary the e2e suite drives: `terraform` on PATH, else the built tofu
#
# Cache: $TESSERA_REAL_CLIENTS_CACHE, default ${XDG_CACHE_HOME:-~/.cache}/tessera/real-clients.
set -euo pipefail

TOFU_VERSION=v1.12.6
# The official provider's module path has no /v4 suffix; its release v4.61.0 is this commit.
OFFICIAL_PROVIDER_MODULE=github.com/aiven/terraform-provider-aiven
OFFICIAL_PROVIDER_VERSION=v4.61.0
OFFICIAL_PROVIDER_COMMIT=f951a5cbe27ce0560bedbcb2bced5c320d540a3f
# v4.61.0 requires go-client-codegen v0.207.0, which the Go module proxy here does not serve; v0.221.0
# is the oldest served release after it (the build raises the requirement to it, nothing else changes).
OFFICIAL_PROVIDER_GO_CLIENT=v0.221.0
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
    # version.dev=no: a release build (tofu version says v1.12.6, not v1.12.6-dev), as OpenTofu's own release builds set it
    nice go build -trimpath -ldflags "-s -w -X github.com/opentofu/opentofu/version.dev=no" -o "$out/tofu" github.com/opentofu/opentofu/cmd/tofu
  )
  "$out/tofu" version >&2
}

# The provider's source comes from the Go module proxy at the pinned commit. Some proxies refuse this
# module (this workplace's answers 403 for every version); then the source can come from a clone of the
# provider's public repository (TESSERA_OFFICIAL_PROVIDER_GIT=/path/to/clone, the pinned commit is checked),
# or an executable of the pinned version already in the cache folder is used (put there by whoever runs
# the suite); otherwise the compat test fails, loudly. A small build module replaces the provider's
# module with the proxied source. The executable keeps the
# registry naming (terraform-provider-aiven) so a dev_overrides block can point at its folder.
build_official_provider() {
  local out="$1" proxied
  need_go
  mkdir -p "$out/src" "$out/build"
  if proxied="$(go mod download -json "$OFFICIAL_PROVIDER_MODULE@$OFFICIAL_PROVIDER_COMMIT" 2>/dev/null | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')" && [ -n "$proxied" ]; then
    log "official provider source: the Go module proxy ($OFFICIAL_PROVIDER_COMMIT)"
    cp -R "$proxied/." "$out/src" && chmod -R u+w "$out/src"
  elif [ -n "${TESSERA_OFFICIAL_PROVIDER_GIT:-}" ] && git -C "$TESSERA_OFFICIAL_PROVIDER_GIT" cat-file -e "$OFFICIAL_PROVIDER_COMMIT^{commit}" 2>/dev/null; then
    # a clone of the provider's public repository that has the pinned commit (the same tree the proxy serves)
    log "official provider source: $TESSERA_OFFICIAL_PROVIDER_GIT at $OFFICIAL_PROVIDER_COMMIT"
    git -C "$TESSERA_OFFICIAL_PROVIDER_GIT" archive "$OFFICIAL_PROVIDER_COMMIT" | tar -x -C "$out/src"
  else
    log "the Go module proxy does not serve $OFFICIAL_PROVIDER_MODULE@$OFFICIAL_PROVIDER_COMMIT, and there is no"
    log "cached build at $out/terraform-provider-aiven ($OFFICIAL_PROVIDER_VERSION): the official provider cannot be had here"
    return 1
  fi
  printf 'module tessera.invalid/build-official-provider\n\ngo %s\n\nrequire %s v0.0.0\n\nreplace %s => ../src\n' \
    "$(sed -n 's/^go //p' "$out/src/go.mod")" "$OFFICIAL_PROVIDER_MODULE" "$OFFICIAL_PROVIDER_MODULE" >"$out/build/go.mod"
  (
    cd "$out/build"
    go get "github.com/aiven/go-client-codegen@$OFFICIAL_PROVIDER_GO_CLIENT"
    nice go build -mod=mod -trimpath -ldflags "-s -w -X main.version=${OFFICIAL_PROVIDER_VERSION#v}" \
      -o "$out/terraform-provider-aiven" "$OFFICIAL_PROVIDER_MODULE"
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
    dir="$CACHE/official-provider-$OFFICIAL_PROVIDER_VERSION"
    # an executable already in the cache folder is used as it is (see build_official_provider)
    [ -x "$dir/terraform-provider-aiven" ] || build_once "$dir" build_official_provider
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
