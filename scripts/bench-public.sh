#!/usr/bin/env bash
# The public report page and its JSON, served by the app (Release, SQLite, demo data) and by nginx serving saved copies
# of the same responses (same bytes, same Content-Encoding), side by side on this machine with wrk (64 connections,
# 2 threads, 10 s each). Prints a table and appends it to docs/benchmarks.md (issue 14 item 7; ADR 0021).
# Usage: bash scripts/bench-public.sh [ENCODING]   (ENCODING: br (default), gzip or identity)
#        BENCH_REQUEST_LOG=0 bash scripts/bench-public.sh   (diagnostic: without the app's one log line per request)
# Needs wrk and nginx (Debian packages; installed here if missing). Everything listens on 127.0.0.1 only.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
encoding=${1:-br}
app_port=5097
nginx_port=5096
duration=${BENCH_DURATION:-10s}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light >/dev/null || exit 1
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

out=$(mktemp -d /tmp/bench-public.XXXXXX)
chmod 755 "$out" # nginx's workers (www-data) read the saved responses
dotnet build src/FinalAccounts.Web -c Release -nologo -v q -clp:ErrorsOnly || exit 1

app=""; nginx_pid=""
cleanup() {
  [ -n "$app" ] && kill "$app" 2>/dev/null && wait "$app" 2>/dev/null
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null
  return 0
}
trap cleanup EXIT

# The portal as deployed (Production), with the demo data on its own SQLite file; its console goes to a file.
request_log=${BENCH_REQUEST_LOG:-1}
log_note=""
app_env=(ASPNETCORE_ENVIRONMENT=Production)
if [ "$request_log" = 0 ]; then
  app_env+=('Serilog__MinimumLevel__Override__Serilog.AspNetCore.RequestLoggingMiddleware=Warning') # a name bash cannot export
  log_note=" **request log off** (diagnostic);"
fi
env "${app_env[@]}" FINALACCOUNTS_ADMIN_PASSWORD='Bench#2023pass' \
  ConnectionStrings__FinalAccounts="Data Source=$out/bench.db" FinalAccounts__LogDirectory="$out/logs" \
  FinalAccounts__ExportDirectory="$out/exports" \
  dotnet run --no-build --no-launch-profile -c Release --project src/FinalAccounts.Web -- --urls "http://127.0.0.1:$app_port" \
  >"$out/app.log" 2>&1 &
app=$!
base=http://127.0.0.1:$app_port
for _ in $(seq 1 240); do curl -sf "$base/health" >/dev/null && break; sleep 0.5; done
curl -sf "$base/health" >/dev/null || { echo "app did not start; see $out/app.log"; exit 1; }

page=/reports/jdz-zwsjglj/2023
json=/api/reports/jdz-zwsjglj/2023
# The page shows the auditor pack's hash once the background job has built it: wait for it, so both servers serve
# the final page (bounded: 120 s).
for _ in $(seq 1 240); do curl -sf "$base$page" | grep -q 'id="pack-sha256"' && break; sleep 0.5; done

header=(); [ "$encoding" != identity ] && header=(-H "Accept-Encoding: $encoding")
mkdir -p "$out/www"
for path in "$page" "$json"; do
  name=$(echo "$path" | tr '/' '_')
  curl -sf "${header[@]}" -D "$out/www/$name.headers" -o "$out/www/$name" "$base$path" || { echo "GET $path failed"; exit 1; }
done
content_type() { grep -i '^content-type:' "$out/www/$(echo "$1" | tr '/' '_').headers" | cut -d' ' -f2- | tr -d '\r' | cut -d';' -f1; }

# nginx: one location per saved response, with the same type, coding and caching headers as the app sent.
coding_line=""; [ "$encoding" != identity ] && coding_line="add_header Content-Encoding $encoding;"
cat >"$out/nginx.conf" <<EOF
worker_processes auto;
pid $out/nginx.pid;
error_log $out/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log $out/nginx-access.log;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:$nginx_port;
    location = $page { alias $out/www/$(echo "$page" | tr '/' '_'); default_type "$(content_type "$page")"; charset utf-8; $coding_line add_header Vary Accept-Encoding; add_header Cache-Control "public, max-age=60"; }
    location = $json { alias $out/www/$(echo "$json" | tr '/' '_'); default_type "$(content_type "$json")"; charset utf-8; $coding_line add_header Vary Accept-Encoding; add_header Cache-Control "public, max-age=60"; }
  }
}
EOF
"$nginx_bin" -c "$out/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
for _ in $(seq 1 40); do curl -sf -o /dev/null "http://127.0.0.1:$nginx_port$page" && break; sleep 0.25; done
cmp -s <(curl -sf "${header[@]}" "http://127.0.0.1:$nginx_port$page") "$out/www/$(echo "$page" | tr '/' '_')" || { echo "nginx does not serve the saved page"; exit 1; }

# Warm the app (JIT, cache) before measuring.
wrk -t2 -c16 -d3s "${header[@]}" "$base$page" >/dev/null
wrk -t2 -c16 -d3s "${header[@]}" "$base$json" >/dev/null

measure() { # URL -> "req/s p99_ms"
  local result
  result=$(wrk -t2 -c64 -d"$duration" --latency "${header[@]}" "$1")
  echo "$result" >>"$out/wrk.txt"
  local rps p99
  rps=$(echo "$result" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$result" | awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; printf "%.2f", v}')
  echo "$rps $p99"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A r
for what in page json; do
  path=$page; [ "$what" = json ] && path=$json
  r[$what-app]=$(measure "$base$path")
  r[$what-nginx]=$(measure "http://127.0.0.1:$nginx_port$path")
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

bytes() { stat -c %s "$out/www/$(echo "$1" | tr '/' '_')"; }
table=$(
  echo "| response ($encoding) | bytes | app req/s | app p99 | nginx req/s | nginx p99 | app / nginx |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for what in page json; do
    path=$page; [ "$what" = json ] && path=$json
    read -r a_rps a_p99 <<<"${r[$what-app]}"
    read -r n_rps n_p99 <<<"${r[$what-nginx]}"
    ratio=$(awk -v a="$a_rps" -v n="$n_rps" 'BEGIN { printf "%.2f", a / n }')
    echo "| \`$path\` | $(bytes "$path") | $a_rps | $a_p99 ms | $n_rps | $n_p99 ms | **${ratio}×** |"
  done
)
echo
echo "$table"
echo "load average (1, 5, 15 min) before: $load_before; after: $load_after; raw wrk output: $out/wrk.txt"

{
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M') UTC, \`bash scripts/bench-public.sh $encoding\` (wrk -t2 -c64 -d$duration --latency, \`Accept-Encoding: $encoding\`;"
  echo "app: Release, Production, SQLite, demo data;$log_note nginx $("$nginx_bin" -v 2>&1 | sed 's/.*nginx\///') serving the saved responses; all on this 2-core machine;"
  echo "load average before $load_before, after $load_after):"
  echo
  echo "$table"
} >>"$root/docs/benchmarks.md"
