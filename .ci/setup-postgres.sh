# Sourced by .ci/run (under `set -euo pipefail`): start a throwaway PostgreSQL server for the
# store tests and export FRONTLINES_TEST_PG_URL. Installs PostgreSQL with apt when it is absent.
#
# Idempotent: when FRONTLINES_TEST_PG_URL already points at a live server, it does nothing.
# The server runs from a temporary data directory on a free loopback port; a small watchdog
# stops it and removes the directory once the shell that sourced this script exits, so CI
# never waits on it and nothing is left behind.

_frontlines_pg_bindir() {
  # Debian keeps the server binaries in /usr/lib/postgresql/<major>/bin, off PATH.
  local candidate
  for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then
      echo "$candidate"
      return 0
    fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
    return 0
  fi
  return 1
}

_frontlines_pg_as_owner() {
  # initdb and the server refuse to run as root: use the postgres account then.
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

_frontlines_pg_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

_frontlines_pg_setup() {
  local bindir datadir port url

  if [ -n "${FRONTLINES_TEST_PG_URL:-}" ] && [ -n "${FRONTLINES_TEST_PG_PORT:-}" ] \
    && bindir=$(_frontlines_pg_bindir) \
    && "$bindir/pg_isready" -q -h 127.0.0.1 -p "$FRONTLINES_TEST_PG_PORT" >/dev/null 2>&1; then
    echo "setup-postgres: reusing the server on port $FRONTLINES_TEST_PG_PORT"
    return 0
  fi

  if ! bindir=$(_frontlines_pg_bindir); then
    if [ "$(id -u)" -ne 0 ]; then
      echo "setup-postgres: PostgreSQL is not installed and installing it needs root" >&2
      return 1
    fi
    echo "setup-postgres: installing PostgreSQL with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    bindir=$(_frontlines_pg_bindir)
  fi

  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres
  fi

  if [ "$(id -u)" -eq 0 ]; then
    # Under /tmp, not $TMPDIR: the postgres account must be able to reach the directory.
    datadir=$(mktemp -d /tmp/frontlines-pg.XXXXXX)
    chown postgres "$datadir"
  else
    datadir=$(mktemp -d "${TMPDIR:-/tmp}/frontlines-pg.XXXXXX")
  fi
  # --no-sync and fsync=off: a test database is thrown away, durability buys nothing here.
  _frontlines_pg_as_owner "$bindir/initdb" -D "$datadir/data" -U postgres -A trust \
    --no-sync --encoding=UTF8 --locale=C >"$datadir/initdb.log" 2>&1 || {
      cat "$datadir/initdb.log" >&2
      return 1
    }

  port=$(_frontlines_pg_free_port)
  _frontlines_pg_as_owner "$bindir/pg_ctl" -D "$datadir/data" -l "$datadir/data/server.log" -w -t 60 \
    -o "-p $port -k $datadir/data -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || {
      cat "$datadir/data/server.log" >&2 || true
      return 1
    }
  _frontlines_pg_as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres frontlines_test

  # Watchdog: stop the server once the sourcing shell ($$) is gone. Its output goes to
  # /dev/null so it holds none of CI's pipes open.
  (
    while kill -0 "$$" 2>/dev/null; do sleep 2; done
    _frontlines_pg_as_owner "$bindir/pg_ctl" -D "$datadir/data" -m fast -w stop
    rm -rf "$datadir"
  ) </dev/null >/dev/null 2>&1 &
  disown 2>/dev/null || true

  url="postgresql+psycopg://postgres@127.0.0.1:$port/frontlines_test"
  export FRONTLINES_TEST_PG_URL="$url"
  export FRONTLINES_TEST_PG_PORT="$port"
  echo "setup-postgres: PostgreSQL running on 127.0.0.1:$port (data in $datadir)"
}

_frontlines_pg_setup
