#!/usr/bin/env bash
# JSON API benchmark (see README "JSON API"): GET /api/v1/products against the /search page for the same searches,
# side by side, through the search benchmark's console in Release.
# bench/api.sh [--products 100000] [--load-seconds 10]
set -euo pipefail
cd "$(dirname "$0")/.."
# Arguments given first win (the console reads the first occurrence of each).
exec dotnet run -c Release --project bench/SearchBench -- "$@" --products 100000 --port 5302 --api 1
