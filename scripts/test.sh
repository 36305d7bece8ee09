#!/usr/bin/env bash
# The test command behind `make test`: optional services, then pytest.
#
# With CI set (or CLAIMS_TEST_PG=1) a throw-away PostgreSQL server is started for the run, so the
# ledger tests run against PostgreSQL as well as SQLite: Debian's `postgresql` package is installed
# if no server binaries are present, a cluster is created in .pgtest/ (gitignored) and started on
# 127.0.0.1 with a free port, CLAIMS_TEST_PG_URL points the tests at it, and the server is stopped
# and deleted when pytest ends, whatever the outcome. Without either variable PostgreSQL tests skip.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=${VENV:-.venv}/bin
PGDIR="$ROOT/.pgtest"
PG_RUN=()
PGBIN=

pg_bin_dir() {
    local d
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$d" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ]; then echo "$d"; fi
}

stop_pg() {
    if [ -n "$PGBIN" ] && [ -f "$PGDIR/data/postmaster.pid" ]; then
        "${PG_RUN[@]}" "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PGDIR"
}

start_pg() {
    PGBIN=$(pg_bin_dir)
    if [ -z "$PGBIN" ]; then
        echo "test.sh: installing PostgreSQL from Debian packages" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends postgresql >/dev/null
        PGBIN=$(pg_bin_dir)
        [ -n "$PGBIN" ] || { echo "test.sh: PostgreSQL install failed" >&2; exit 1; }
    fi
    rm -rf "$PGDIR"
    mkdir -p "$PGDIR"
    # postgres refuses to run as root: run the server as the `postgres` user the package creates
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
        PG_RUN=(runuser -u postgres --)
        if ! "${PG_RUN[@]}" test -x "$PGDIR"; then
            # the clone lives where the postgres user cannot reach (e.g. under /root): use /tmp
            rmdir "$PGDIR"
            PGDIR=$(mktemp -d /tmp/claims-pgtest.XXXXXX)
        fi
        chown postgres "$PGDIR"
    else
        PG_RUN=(env)
    fi
    local port
    port=$("$BIN/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "${PG_RUN[@]}" "$PGBIN/initdb" -D "$PGDIR/data" -U claims --auth=trust -E UTF8 --locale=C >"$PGDIR/initdb.log" 2>&1 \
        || { cat "$PGDIR/initdb.log" >&2; exit 1; }
    trap stop_pg EXIT
    # durability off: a test cluster is deleted at the end anyway, and fsync dominates its run time
    "${PG_RUN[@]}" "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories= -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null || { cat "$PGDIR/server.log" >&2; exit 1; }
    export CLAIMS_TEST_PG_URL="postgresql://claims@127.0.0.1:$port/postgres"
    echo "test.sh: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
}

# The report test screenshots the HTML report in headless Chromium; CJK fonts let its pictures show
# Chinese names. Installed from Debian packages in CI (or with CLAIMS_TEST_BROWSER=1).
install_browser() {
    if ! command -v chromium >/dev/null 2>&1 || ! fc-list :lang=zh 2>/dev/null | grep -q .; then
        echo "test.sh: installing chromium and fonts-noto-cjk from Debian packages" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
    fi
}

# HanLP needs torch, and thinc imports torch whenever it is installed, which slows every start-up:
# so the optional backend is tested in its own venv (.venv-hanlp) and the main one stays as users
# install it. Runs in CI or with CLAIMS_TEST_HANLP=1.
test_hanlp() {
    local venv="$ROOT/.venv-hanlp"
    if [ ! -x "$venv/bin/python" ]; then
        "$BIN/python" -m venv "$venv"
    fi
    "$venv/bin/pip" install --quiet torch==2.13.0
    "$venv/bin/pip" install --quiet -e '.[dev,hanlp]'
    "$venv/bin/python" -m pytest -q tests/pipelines/test_hanlp_backend.py
}

if [ -n "${CI:-}" ] || [ "${CLAIMS_TEST_PG:-}" = 1 ]; then
    start_pg
fi
if [ -n "${CI:-}" ] || [ "${CLAIMS_TEST_BROWSER:-}" = 1 ]; then
    install_browser
fi
status=0
"$BIN/python" -m pytest "$@" || status=$?
if [ $status = 0 ] && { [ -n "${CI:-}" ] || [ "${CLAIMS_TEST_HANLP:-}" = 1 ]; }; then
    test_hanlp || status=$?
fi
exit $status
