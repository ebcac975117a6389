#!/usr/bin/env bash
# Benchmarks (not part of the test suite): BenchmarkDotNet on one reconciliation, then 10,000 generated
# department-years reconciled end to end from a private PostgreSQL cluster, and saving one table of a draft with its
# re-reconciliation; the workbook export/import (BenchmarkDotNet); and, against the running app, the PDF, workbook and
# pack downloads (hyperfine, wrk) next to `libreoffice --headless --convert-to pdf` of the same workbook.
# `typing` times a cell change in a 200-row table in headless Chromium; `swagger` how long Swagger UI takes to draw the
# API document and the CPU it costs Chromium.
# Usage: bash scripts/bench.sh [engine|save|excel|files|typing|swagger|batch] [COUNT]
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
. "$root/scripts/lib/postgres.sh"
what=${1:-all}
count=${2:-10000}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build benchmarks/FinalAccounts.Benchmarks -c Release -nologo -v q -clp:ErrorsOnly || exit 1
run() { dotnet run --no-build -c Release --project benchmarks/FinalAccounts.Benchmarks -- "$@"; }

# start_app CACHE_MB: the portal (Release, Development demo data and accounts, its own SQLite file) on port 5099
start_app() {
  ASPNETCORE_ENVIRONMENT=Development FinalAccounts__Pdf__CacheMegabytes="$1" FinalAccounts__DataDirectory="${data_dir:-}" \
    ConnectionStrings__FinalAccounts="Data Source=$out/bench-$1.db" FinalAccounts__LogDirectory="$out/logs" \
    dotnet run --no-build --no-launch-profile -c Release --project src/FinalAccounts.Web -- --urls http://127.0.0.1:5099 >"$out/app-$1.log" 2>&1 &
  app=$!
  for _ in $(seq 1 120); do curl -sf http://127.0.0.1:5099/health >/dev/null && return 0; sleep 0.5; done
  echo "app did not start; see $out/app-$1.log"; exit 1
}
stop_app() { [ -n "${app:-}" ] && { kill "$app" 2>/dev/null; wait "$app" 2>/dev/null; app=""; }; return 0; }
trap 'stop_app' EXIT

if [ "$what" = all ] || [ "$what" = engine ]; then
  run engine --filter '*' --artifacts "$root/BenchmarkDotNet.Artifacts"
fi
if [ "$what" = all ] || [ "$what" = save ]; then
  run save --filter '*' --artifacts "$root/BenchmarkDotNet.Artifacts"
fi
if [ "$what" = all ] || [ "$what" = excel ]; then
  run excel --filter '*' --artifacts "$root/BenchmarkDotNet.Artifacts"
fi
if [ "$what" = all ] || [ "$what" = files ]; then
  for tool in hyperfine wrk libreoffice pdftotext; do
    command -v "$tool" >/dev/null || { echo "需要 $tool：apt-get install -y hyperfine wrk libreoffice-calc-nogui poppler-utils"; exit 1; }
  done
  out=$(mktemp -d)
  dotnet build src/FinalAccounts.Web -c Release -nologo -v q -clp:ErrorsOnly || exit 1
  base=http://127.0.0.1:5099/reports/jdz-zwsjglj/2023

  echo "=== rendering every time (PDF cache off)"
  start_app 0
  curl -sf -o "$out/demo.xlsx" "$base/export.xlsx"
  curl -sf -o "$out/demo.pdf" "$base/export.pdf"
  echo "pages: $(pdfinfo "$out/demo.pdf" | awk '/Pages/ {print $2}'), bytes: $(stat -c %s "$out/demo.pdf")"
  hyperfine --warmup 2 --runs 10 --export-markdown "$out/render.md" \
    -n "PDF (Chromium, this app)" "curl -sf -o /dev/null $base/export.pdf" \
    -n "xlsx export" "curl -sf -o /dev/null $base/export.xlsx" \
    -n "auditor pack" "curl -sf -o /dev/null $base/pack.zip" \
    -n "libreoffice --convert-to pdf (same workbook)" "libreoffice --headless --convert-to pdf --outdir $out/lo $out/demo.xlsx"
  echo "--- wrk: 2 connections, 10 s, PDF rendered each time (at most 2 print at once)"
  wrk -t2 -c2 -d10s --timeout 10s "$base/export.pdf"
  stop_app

  echo "=== published revision served from the PDF cache"
  start_app 256
  curl -sf -o /dev/null "$base/export.pdf"
  hyperfine --warmup 2 --runs 20 --export-markdown "$out/cached.md" \
    -n "PDF (cached)" "curl -sf -o /dev/null $base/export.pdf" \
    -n "auditor pack (PDF cached)" "curl -sf -o /dev/null $base/pack.zip"
  echo "--- wrk: 8 connections, 10 s, xlsx export"
  wrk -t2 -c8 -d10s "$base/export.xlsx"
  echo "--- wrk: 8 connections, 10 s, PDF (cached)"
  wrk -t2 -c8 -d10s "$base/export.pdf"
  stop_app
  cat "$out/render.md" "$out/cached.md"
fi
if [ "$what" = all ] || [ "$what" = typing ]; then
  out=$(mktemp -d)
  dotnet build src/FinalAccounts.Web -c Release -nologo -v q -clp:ErrorsOnly || exit 1
  data_dir="$out/data"
  run typing-data "$data_dir" "${2:-200}"
  start_app 0
  run typing http://127.0.0.1:5099 "$data_dir" "${2:-200}"
  stop_app
fi
if [ "$what" = all ] || [ "$what" = swagger ]; then
  out=$(mktemp -d)
  dotnet build src/FinalAccounts.Web -c Release -nologo -v q -clp:ErrorsOnly || exit 1
  start_app 0
  run swagger http://127.0.0.1:5099
  stop_app
fi
if [ "$what" = all ] || [ "$what" = batch ]; then
  trap 'stop_app; pg_stop' EXIT
  pg_start || exit 1
  # Server GC, as the portal runs (the Web SDK's default); the console benchmark would otherwise use workstation GC.
  DOTNET_gcServer=1 run batch "$count" "$FINALACCOUNTS_TEST_PG"
fi
