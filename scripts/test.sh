#!/usr/bin/env bash
# Runs every test, as CI does (`.ci/run` calls exactly this), on a bare Debian machine with the .NET 10 SDK:
#   1. installs what the tests need from Debian's packages (PostgreSQL, Chromium, CJK fonts),
#   2. starts a private, throw-away PostgreSQL cluster on a free loopback port,
#   3. builds and runs every test project (domain, integration on SQLite + PostgreSQL, web, components), the domain
#      and infrastructure tests already running while the web projects compile (the compiler and MSBuild servers on
#      for the run and shut down at its end); the web tests are the critical path, everything else runs at a lower
#      priority,
#   4. stops the cluster, checks formatting (dotnet format whitespace --folder --verify-no-changes on every C# file;
#      the build itself fails on any analyzer or code-style warning in every project: TreatWarningsAsErrors,
#      EnforceCodeStyleInBuild, and StyleCop's using-order and no-`this.` rules),
#   5. prints a last line "N passed, N failed" and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Every process of a test run is short and JIT-heavy: profile-guided re-JIT costs more CPU than it saves here
# (the web tests took a quarter less CPU without it). The test projects also set TieredPGO=false themselves.
export DOTNET_TieredPGO=0
# W^X (the runtime keeps JIT-written code pages never writable and executable at once) costs every JIT'd method a
# remapping; test processes are JIT-heavy and short, and nothing here runs untrusted code. Off for the run's processes
# (not for the app anyone deploys): a set of web test classes took about a tenth less CPU, a quarter less in the kernel.
export DOTNET_EnableWriteXorExecute=0
# The environment here turns the build servers off (UseSharedCompilation=false, MSBUILDDISABLENODEREUSE=1,
# DOTNET_CLI_USE_MSBUILD_SERVER=0), so each of the run's four builds started cold compilers and MSBuild nodes. On for
# the run, shut down at its end: the builds took 92 → 57 s (153 → 104 s of CPU) on a fresh clone here.
export UseSharedCompilation=true MSBUILDDISABLENODEREUSE=0 DOTNET_CLI_USE_MSBUILD_SERVER=1
# Every process this run starts carries this marker, so that none outlives it: `dotnet build-server shutdown` did not
# always reach an MSBuild worker node (three runs of eleven here left one behind, idle for hours).
export FINALACCOUNTS_TEST_RUN="$$-$(date +%s%N)"
stop_build_servers() {
  dotnet build-server shutdown >/dev/null 2>&1 || true
  local environ pid
  for environ in /proc/[0-9]*/environ; do
    pid=${environ#/proc/}; pid=${pid%/environ}
    [ "$pid" = "$$" ] && continue
    # grep reads everything (no -q: an early exit would kill tr with SIGPIPE, which pipefail reports).
    if { tr '\0' '\n' <"$environ"; } 2>/dev/null | grep -x "FINALACCOUNTS_TEST_RUN=$FINALACCOUNTS_TEST_RUN" >/dev/null; then
      kill "$pid" 2>/dev/null || true
    fi
  done
}

say() { printf '\n==> %s\n' "$*"; }
# shellcheck source=lib/postgres.sh
. "$root/scripts/lib/postgres.sh"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "需要 .NET 10 SDK（dotnet 不在 PATH 上）。The .NET 10 SDK is required (dotnet not on PATH)." >&2
  echo "0 passed, 1 failed"
  exit 1
fi

# --- 1. Chromium (browser tests, PDF), CJK fonts and poppler (PDF tests read PDFs back) from Debian's packages ----
# (grep reads all of fc-list's output: with -q it would stop early, fc-list would die of SIGPIPE and pipefail would
# report the fonts missing at random.)
if [ ! -x /usr/bin/chromium ] || ! command -v pdftotext >/dev/null || ! fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null; then
  say "Installing Chromium, Noto CJK fonts and poppler-utils (Debian packages)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk poppler-utils >/dev/null \
    || { echo "无法安装 chromium；Cannot install chromium"; echo "0 passed, 1 failed"; exit 1; }
fi
# The headless shell (same Blink, no full-browser machinery) takes about 40% less CPU per page; the portal and the
# browser tests use it when present. Older Debian releases lack the package: chromium alone still works.
if [ ! -x /usr/bin/chromium-headless-shell ]; then
  say "Installing chromium-headless-shell (optional)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell >/dev/null 2>&1 \
    || { as_root apt-get update -qq >/dev/null 2>&1 && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell >/dev/null 2>&1; } \
    || say "chromium-headless-shell is not available here; using chromium"
fi

# --- 2. PostgreSQL from Debian's packages, in a private cluster ---------------------------------------------------
# Scratch space for what the run writes and throws away (the PostgreSQL cluster, the test databases copied from their
# templates, portal logs, exports): in memory (/dev/shm) when it has room, so none of it goes through the disk.
scratch_parent=/tmp
if [ -d /dev/shm ] && [ "$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 { print $4 }')" -gt 4194304 ] 2>/dev/null; then
  scratch_parent=/dev/shm
fi
scratch=$(mktemp -d "$scratch_parent/finalaccounts-test.XXXXXX")
chmod 755 "$scratch" # the cluster's directory inside belongs to the postgres user
export TMPDIR="$scratch" FINALACCOUNTS_SCRATCH="$scratch"
trap 'pg_stop; stop_build_servers; rm -rf "$scratch"' EXIT
pg_start || { echo "0 passed, 1 failed"; exit 1; }

# --- 3. build once, run every test project -----------------------------------------------------------------------
results="$root/TestResults"
rm -rf "$results"
mkdir -p "$results"
# Workbooks, PDFs and their pages as PNG, written by the export tests for a person to look at.
export FINALACCOUNTS_ARTEFACTS="$results/artefacts"
# Release: our own assemblies then run JIT-optimised code (a Debug build pins them to unoptimised code), which took
# the web tests about 6% less CPU.
build() {
  if ! dotnet build "$1" -c Release --no-restore -nologo -v q -clp:ErrorsOnly; then
    echo "构建失败 Build failed: $1"
    echo "0 passed, 1 failed"
    exit 1
  fi
}
# One runner per test project (classes inside a project run in parallel too); each writes its own TRX.
# The web tests are the run's critical path: from the moment their build starts, both cores are busy until they end.
# Everything else (the domain, infrastructure and component tests, the format check) runs at a lower priority, so it
# takes the CPU the web build and the web tests leave idle (a circuit or a page waiting, a class starting) instead of
# slowing them down. Not the lowest priority for tests: a test that waits for a job with a deadline must still run.
background=10
test_status=0
pids=()
run_tests() {
  local name
  name=$(basename "$1" .csproj)
  nice -n "${2:-0}" dotnet test "$1" -c Release --no-build -nologo -v q --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    >"$results/$name.log" 2>&1 &
  pids+=($!)
}

# A pipeline: the build of the web projects (Razor, the longest compile) leaves a core mostly idle, so the domain and
# infrastructure tests run while it goes on. Only projects already built are tested; the solution build that follows
# finds them up to date and leaves their output alone.
say "Building and running tests (formatting checked alongside)"
# The format check needs no build, so it starts first and takes the CPU the restore and the first build leave idle:
# `dotnet format whitespace --verify-no-changes` on the folder (every .cs file in the repository, generated ones and
# build output skipped; no MSBuild workspace, ~8 s of CPU). The rest of what `dotnet format` checks fails the build
# itself, in every project: the analyzers (TreatWarningsAsErrors), the code-style rules (EnforceCodeStyleInBuild) and
# the two the compiler's IDE rules cannot check, the order of usings and no `this.` (StyleCop.Analyzers, those rules
# only). Its style pass here had cost ~36 s of CPU for src alone (docs/adr/0018).
( nice -n 19 dotnet format whitespace . --folder --verify-no-changes -v q --exclude "**/obj/**" "**/bin/**" ) >"$results/format.log" 2>&1 &
format_pid=$!
if ! dotnet restore FinalAccounts.sln -v q; then
  echo "还原失败 Restore failed"; echo "0 passed, 1 failed"; exit 1
fi
build tests/FinalAccounts.Infrastructure.Tests/FinalAccounts.Infrastructure.Tests.csproj
run_tests tests/FinalAccounts.Infrastructure.Tests/FinalAccounts.Infrastructure.Tests.csproj "$background"
build tests/FinalAccounts.Domain.Tests/FinalAccounts.Domain.Tests.csproj
run_tests tests/FinalAccounts.Domain.Tests/FinalAccounts.Domain.Tests.csproj "$background"
# The web tests are the longest: they start as soon as their project is built, before the components' and benchmarks'.
build tests/FinalAccounts.Web.Tests/FinalAccounts.Web.Tests.csproj
run_tests tests/FinalAccounts.Web.Tests/FinalAccounts.Web.Tests.csproj
# What is left to compile (the component tests, the benchmarks) is off the critical path too: the compiler and MSBuild
# servers that do the work go to the background priority as well.
# shellcheck disable=SC2046 # one argument per process id
renice -n "$background" -p $(pgrep -f "VBCSCompiler.dll|MSBuild.dll") >/dev/null 2>&1 || true
build FinalAccounts.sln
for project in tests/*/*.Tests.csproj; do
  case "$project" in *Infrastructure.Tests*|*Domain.Tests*|*Web.Tests*) continue ;; esac
  run_tests "$project" "$background"
done
for pid in "${pids[@]}"; do wait "$pid" || test_status=$?; done
for log in "$results"/*.log; do grep -E "^(Passed|Failed)!|\[FAIL\]|error" "$log" || true; done

pg_stop
[ -d "$FINALACCOUNTS_ARTEFACTS" ] && echo "Test artefacts (workbooks, PDFs, page PNGs): $FINALACCOUNTS_ARTEFACTS"

# --- 4. formatting -------------------------------------------------------------------------------------------------
say "Formatting (dotnet format whitespace --verify-no-changes; code style is checked by the build)"
format_status=0
wait "$format_pid" || format_status=$?
# Only now are the build servers and nodes of the run stopped.
stop_build_servers
rm -rf "$scratch"
trap - EXIT
cat "$results/format.log"
[ "$format_status" = 0 ] || echo "格式检查未通过：运行 dotnet format FinalAccounts.sln 修正。Formatting check failed: run 'dotnet format FinalAccounts.sln'."

# --- 5. counts -----------------------------------------------------------------------------------------------------
passed=0; failed=0
projects=$(ls tests/*/*.Tests.csproj | wc -l)
trx_files=$(ls "$results"/*.trx 2>/dev/null | wc -l)
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  p=$(grep -oE '<UnitTestResult [^>]*>' "$trx" | grep -c 'outcome="Passed"')
  f=$(grep -oE '<UnitTestResult [^>]*>' "$trx" | grep -cv 'outcome="Passed"\|outcome="NotExecuted"')
  passed=$(( passed + p )); failed=$(( failed + f ))
done
if [ "$trx_files" -lt "$projects" ]; then
  echo "有测试项目没有产生结果（崩溃？）A test project produced no results." >&2
  failed=$(( failed + projects - trx_files ))
fi
if [ "$test_status" != 0 ] && [ "$failed" = 0 ]; then failed=1; fi
[ "$format_status" = 0 ] || failed=$(( failed + 1 ))

echo
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
