#!/usr/bin/env bash
# Runs the README's test command with the CPU oversubscribed, N times in a row (default 3): stress-ng keeps
# 2 × nproc CPU workers busy beside the build, so every test runs with less than a quarter of a core's worth of
# its usual share. A test that passes only on an idle machine (a fixed sleep as synchronisation, a deadline
# too tight for a loaded machine) fails here. Needs stress-ng (apt-get install stress-ng).
#
#   scripts/verify-under-load.sh        # three full runs
#   scripts/verify-under-load.sh 1      # one
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
command -v stress-ng >/dev/null || { echo "stress-ng is not installed: apt-get install stress-ng"; exit 2; }

workers=$(( 2 * $(nproc) ))
stress-ng --cpu "$workers" --cpu-method matrixprod --timeout 0 --quiet &
stress=$!
trap 'kill "$stress" 2>/dev/null || true' EXIT

for run in $(seq 1 "$runs"); do
  echo "== run $run of $runs with $workers CPU workers beside the build ($(date -u +%H:%M:%S))"
  start=$SECONDS
  ./mvnw -B -ntp verify
  echo "== run $run passed in $(( SECONDS - start )) s"
done
