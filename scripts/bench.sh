#!/usr/bin/env bash
# Benchmarks (not part of the test suite): BenchmarkDotNet on one reconciliation, then 10,000 generated
# department-years reconciled end to end from a private PostgreSQL cluster, and saving one table of a draft with its
# re-reconciliation. Usage: bash scripts/bench.sh [engine|save|batch] [COUNT]
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
. "$root/scripts/lib/postgres.sh"
what=${1:-all}
count=${2:-10000}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build benchmarks/FinalAccounts.Benchmarks -c Release -nologo -v q -clp:ErrorsOnly || exit 1
run() { dotnet run --no-build -c Release --project benchmarks/FinalAccounts.Benchmarks -- "$@"; }

if [ "$what" = all ] || [ "$what" = engine ]; then
  run engine --filter '*' --artifacts "$root/BenchmarkDotNet.Artifacts"
fi
if [ "$what" = all ] || [ "$what" = save ]; then
  run save --filter '*' --artifacts "$root/BenchmarkDotNet.Artifacts"
fi
if [ "$what" = all ] || [ "$what" = batch ]; then
  trap pg_stop EXIT
  pg_start || exit 1
  run batch "$count" "$FINALACCOUNTS_TEST_PG"
fi
