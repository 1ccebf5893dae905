#!/usr/bin/env bash
# Every test of the solution, as CI runs them (the README's test command). Builds once, then:
# the power-cut tests (they mostly wait on server restarts and a FUSE disk) run beside the grain
# and server tests; the browser tests run alone afterwards, with both cores to themselves.
# Each project's summary line ("Passed!  - Failed: …") is printed; the exit code is 1 if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."

dotnet build Consult.sln -m:1 || exit 1

status=0
powercut_log=$(mktemp)
dotnet test tests/Consult.PowerCut.Tests --no-build > "$powercut_log" 2>&1 &
powercut=$!
dotnet test tests/Consult.Grains.Tests --no-build || status=1
dotnet test tests/Consult.Server.Tests --no-build || status=1
wait "$powercut" || status=1
cat "$powercut_log"
rm -f "$powercut_log"
dotnet test tests/Consult.E2E.Tests --no-build || status=1
exit "$status"
