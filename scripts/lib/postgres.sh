# Sourced by scripts/test.sh and scripts/bench.sh: installs PostgreSQL from Debian's packages if needed and runs a
# private, throw-away cluster on a free loopback port. pg_start exports FINALACCOUNTS_TEST_PG; pg_stop removes it all.

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

pg_start() {
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
    echo "==> Installing PostgreSQL (Debian packages)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi

  # In FINALACCOUNTS_SCRATCH when the caller has one (scripts/test.sh: memory, when there is room), else in /tmp.
  pg_dir=$(mktemp -d "${FINALACCOUNTS_SCRATCH:-/tmp}/finalaccounts-pg.XXXXXX")
  pg_user=$(id -un)
  if [ "$(id -u)" = 0 ]; then chown postgres "$pg_dir"; pg_user=postgres; fi
  pg_port=$(( 55000 + RANDOM % 5000 ))
  while (echo >"/dev/tcp/127.0.0.1/$pg_port") 2>/dev/null; do pg_port=$(( pg_port + 1 )); done

  echo "==> Starting a private PostgreSQL cluster on 127.0.0.1:$pg_port"
  pg_run "'$pg_bin/initdb' -D '$pg_dir/data' -U '$pg_user' --auth=trust -E UTF8 --no-locale" >"$pg_dir/initdb.log" 2>&1 \
    || { cat "$pg_dir/initdb.log"; return 1; }
  # Durability is pointless for a throw-away cluster; turning it off keeps tests fast.
  pg_run "'$pg_bin/pg_ctl' -D '$pg_dir/data' -l '$pg_dir/server.log' -w -o \"-p $pg_port -k '$pg_dir' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300\" start" >/dev/null \
    || { cat "$pg_dir/server.log"; return 1; }
  export FINALACCOUNTS_TEST_PG="Host=127.0.0.1;Port=$pg_port;Username=$pg_user;Database=postgres"
}

pg_run() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }

pg_stop() {
  [ -n "${pg_dir:-}" ] || return 0
  pg_run "'$pg_bin/pg_ctl' -D '$pg_dir/data' -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
  pg_dir=""
}
