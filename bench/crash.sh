#!/usr/bin/env bash
# Crash bench (see README "Benchmark"): the LoadBench console in Release, --mode crash.
# bench/crash.sh [--cycles 50] [--clients 4] [--products 2000] [--max-kill-ms 2000] [--seed 1]
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run -c Release --project bench/LoadBench -- --mode crash "$@"
