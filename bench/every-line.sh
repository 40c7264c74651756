#!/usr/bin/env bash
# The figures that depend on the Node line, measured on each supported line in one run:
#
#   bench/every-line.sh [LINE ...]        (default: every line of scripts/node-lines.sh --list)
#
# For each line, the build is made with that Node (the plugin's code cache is per V8 version), and that
# Node runs everything: the servers, the provider plugin terraform launches, and the bench process
# itself (so the in-process figures, verify_over_sha256 and the like, are that line's too). The benches:
# bench:auth, bench:postgres, bench:refresh, bench:provider. Each one's output goes to stderr; stdout
# gets one JSON object per line, {"node", "auth", "postgres", "refresh", "provider"}, each value the
# bench's own last line (null where a bench failed — the script then exits 1). The machine's Node builds
# again at the end, so the checkout is left as `npm run build` leaves it.
set -uo pipefail
cd "$(dirname "$0")/.."

lines=("$@")
[ ${#lines[@]} -gt 0 ] || mapfile -t lines < <(scripts/node-lines.sh --list)
failed=0
machine_node=$(command -v node)

# Runs one bench file with the line's Node; prints its last line (a JSON object), or null.
run_bench() {
  local node=$1 file=$2 last
  last=$(PATH="$(dirname "$node"):$PATH" TESSERA_NODE="$node" "$node" --import tsx "$file" | tee /dev/stderr | tail -n 1)
  if [ -n "$last" ] && "$node" -e 'JSON.parse(process.argv[1])' "$last" 2>/dev/null; then
    echo "$last"
  else
    echo "every-line: $file on $("$node" --version) printed no figures" >&2
    echo null
    return 1
  fi
}

for line in "${lines[@]}"; do
  node=$(scripts/node-lines.sh "$line") || { failed=1; continue; }
  echo "== Node $("$node" --version): build, then bench:auth, bench:postgres, bench:refresh, bench:provider" >&2
  "$node" scripts/build.mjs >&2 || { failed=1; continue; }
  auth=$(run_bench "$node" bench/auth.ts) || failed=1
  postgres=$(run_bench "$node" bench/postgres.ts) || failed=1
  refresh=$(run_bench "$node" bench/refresh.ts) || failed=1
  provider=$(run_bench "$node" bench/provider.ts) || failed=1
  echo "{\"node\":\"$("$node" --version)\",\"auth\":$auth,\"postgres\":$postgres,\"refresh\":$refresh,\"provider\":$provider}"
done

"$machine_node" scripts/build.mjs >&2 || failed=1
exit $failed
