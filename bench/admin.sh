#!/usr/bin/env bash
# Admin benchmark (see README "Admin"): dotnet run the AdminBench console in Release.
# bench/admin.sh [--products 1000000] [--rows 100000] [--list-only]
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run -c Release --project bench/AdminBench -- "$@"
