#!/usr/bin/env bash
# Runs the portal on http://127.0.0.1:5080 with the demo data (embedded SQLite in ./src/FinalAccounts.Web/data/
# unless FINALACCOUNTS_DB or ConnectionStrings__FinalAccounts names another database).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v dotnet >/dev/null 2>&1; then
  echo "需要 .NET 10 SDK（dotnet 不在 PATH 上）。The .NET 10 SDK is required." >&2
  exit 1
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
exec dotnet run --project src/FinalAccounts.Web --launch-profile http "$@"
