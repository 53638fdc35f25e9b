#!/usr/bin/env bash
# Soak bench (see README "Benchmark"): the LoadBench console in Release, --mode soak.
# bench/soak.sh [--settle-minutes 5] [--soak-minutes 30] [--rate REQ_PER_S (default: half of a measured peak)] [--sample-seconds 60]
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run -c Release --project bench/LoadBench -- --mode soak "$@"
