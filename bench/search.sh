#!/usr/bin/env bash
# Search benchmark (see README "Benchmark"): dotnet run the SearchBench console in Release.
# bench/search.sh [--products 1000000] [--load-seconds 10]
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run -c Release --project bench/SearchBench -- "$@"
