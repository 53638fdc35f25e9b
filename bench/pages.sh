#!/usr/bin/env bash
# Catalogue pages benchmark (see README "Benchmark"): dotnet run the PagesBench console in Release.
# bench/pages.sh [--products 1000000] [--seconds 10] [--port 5310]
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run -c Release --project bench/PagesBench -- "$@"
