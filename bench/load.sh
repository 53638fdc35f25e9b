#!/usr/bin/env bash
# Load bench (see README "Benchmark"): the LoadBench console in Release, --mode load.
# bench/load.sh [--seconds 60] [--solo-seconds 10] [--connections 64] [--products 1000000] [--backup 1] [--port 5208]
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run -c Release --project bench/LoadBench -- --mode load "$@"
