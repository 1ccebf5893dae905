#!/usr/bin/env bash
# What an idle node holds: starts a built server (Embedded mode, demo data, a fresh data folder)
# from each folder given, waits for /readyz and 20 s more, forces a full collection through
# /diagnostics/memory and prints the managed heap, what the collector has committed, what start-up
# allocated, and the RSS with its anonymous and file-backed parts (/proc/<pid>/status).
# Usage: idle-node.sh [--reps N] LABEL=SERVER_FOLDER ...   (folders holding Consult.Server.dll;
# the servers are run one after the other, interleaved, N times each; port 5099 must be free)
set -euo pipefail
reps=1
if [ "${1:-}" = "--reps" ]; then reps=$2; shift 2; fi
[ $# -gt 0 ] || { echo "usage: $0 [--reps N] LABEL=SERVER_FOLDER ..." >&2; exit 2; }

measure() {
  local label=$1 folder=$2 data pid memory
  data=$(mktemp -d)
  (cd "$folder" && ASPNETCORE_URLS=http://127.0.0.1:5099 Consult__Diagnostics__Enabled=true Consult__DataPath="$data" \
    exec dotnet Consult.Server.dll > "$data.log" 2>&1) &
  pid=$!
  for _ in $(seq 1 60); do curl -sf http://127.0.0.1:5099/readyz > /dev/null && break; sleep 1; done
  sleep 20
  memory=$(curl -sf http://127.0.0.1:5099/diagnostics/memory)
  printf '%-8s heap %6.1f MiB  committed %6.1f MiB  allocated at start %6.1f MiB  ' "$label" \
    "$(jq -n "$memory.heapBytes / 1048576")" "$(jq -n "$memory.committedBytes / 1048576")" "$(jq -n "$memory.totalAllocatedBytes / 1048576")"
  awk '/^(VmRSS|RssAnon|RssFile):/ {printf "%s %.1f MiB  ", $1, $2 / 1024} END {print ""}' "/proc/$pid/status"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$data" "$data.log"
}

for _ in $(seq 1 "$reps"); do
  for pair in "$@"; do measure "${pair%%=*}" "${pair#*=}"; done
done
