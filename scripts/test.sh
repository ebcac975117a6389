#!/usr/bin/env bash
# Runs every test, as CI does (`.ci/run` calls exactly this), on a bare Debian machine with the .NET 10 SDK:
#   1. installs what the tests need from Debian's packages (PostgreSQL),
#   2. starts a private, throw-away PostgreSQL cluster on a free loopback port,
#   3. builds once and runs every test project (domain, integration on SQLite + PostgreSQL, web),
#   4. stops the cluster, checks formatting (dotnet format --verify-no-changes),
#   5. prints a last line "N passed, N failed" and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { printf '\n==> %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v dotnet >/dev/null 2>&1; then
  echo "需要 .NET 10 SDK（dotnet 不在 PATH 上）。The .NET 10 SDK is required (dotnet not on PATH)." >&2
  echo "0 passed, 1 failed"
  exit 1
fi

# --- 1. Debian packages the tests need --------------------------------------------------------------------------
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  say "Installing PostgreSQL (Debian packages)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

# --- 2. a private PostgreSQL cluster ----------------------------------------------------------------------------
pg_dir=$(mktemp -d /tmp/finalaccounts-pg.XXXXXX)
pg_user=$(id -un)
run_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
if [ "$(id -u)" = 0 ]; then chown postgres "$pg_dir"; pg_user=postgres; fi
port=$(( 55000 + RANDOM % 5000 ))
while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$(( port + 1 )); done

cleanup() {
  run_pg "'$pg_bin/pg_ctl' -D '$pg_dir/data' -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
trap cleanup EXIT

say "Starting a private PostgreSQL cluster on 127.0.0.1:$port"
run_pg "'$pg_bin/initdb' -D '$pg_dir/data' -U '$pg_user' --auth=trust -E UTF8 --no-locale" >"$pg_dir/initdb.log" 2>&1 \
  || { cat "$pg_dir/initdb.log"; echo "0 passed, 1 failed"; exit 1; }
# Durability is pointless for a throw-away cluster; turning it off keeps the suite fast.
run_pg "'$pg_bin/pg_ctl' -D '$pg_dir/data' -l '$pg_dir/server.log' -w -o \"-p $port -k '$pg_dir' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300\" start" >/dev/null \
  || { cat "$pg_dir/server.log"; echo "0 passed, 1 failed"; exit 1; }
export FINALACCOUNTS_TEST_PG="Host=127.0.0.1;Port=$port;Username=$pg_user;Database=postgres"

# --- 3. build once, run every test project -----------------------------------------------------------------------
results="$root/TestResults"
rm -rf "$results"
mkdir -p "$results"
say "Building"
if ! dotnet build FinalAccounts.sln -nologo -v q -clp:ErrorsOnly; then
  echo "构建失败 Build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

say "Running tests"
# One runner per test project, all at once (classes inside a project run in parallel too); each writes its own TRX.
test_status=0
pids=()
for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" --no-build -nologo -v q --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    >"$results/$name.log" 2>&1 &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || test_status=$?; done
for log in "$results"/*.log; do grep -E "^(Passed|Failed)!|\[FAIL\]|error" "$log" || true; done

cleanup
trap - EXIT

# --- 4. formatting -------------------------------------------------------------------------------------------------
say "Checking formatting (dotnet format --verify-no-changes)"
format_status=0
dotnet format FinalAccounts.sln --verify-no-changes --no-restore -v q || format_status=$?
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
