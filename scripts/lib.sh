# Shared by scripts/run and scripts/test: install what this Debian machine lacks, and
# start or stop a throwaway PostgreSQL cluster. Sourced, not run.

# install_missing [extra packages...]: apt-get install only what is missing.
install_missing() {
    local wanted=() sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    pkg-config --exists libpq 2>/dev/null || wanted+=(libpq-dev)
    { [ -f /usr/include/x86_64-linux-gnu/curl/curl.h ] || [ -f /usr/include/curl/curl.h ] || [ -f /usr/include/aarch64-linux-gnu/curl/curl.h ]; } \
        || wanted+=(libcurl4-openssl-dev)
    pg_bin initdb >/dev/null 2>&1 || wanted+=(postgresql postgresql-contrib)
    command -v pkg-config >/dev/null || wanted+=(pkg-config)
    for pkg in "$@"; do
        # Installed, not merely known (a removed package keeps "config-files" and passes `dpkg -s`).
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || wanted+=("$pkg")
    done
    if [ ${#wanted[@]} -gt 0 ]; then
        echo "installing: ${wanted[*]}"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${wanted[@]}" >/dev/null
    fi
}

# pg_bin NAME: the path of a PostgreSQL server binary (initdb, pg_ctl, postgres).
pg_bin() {
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -Vr); do
        [ -x "$dir/$1" ] && { echo "$dir/$1"; return 0; }
    done
    command -v "$1" && return 0
    return 1
}

# as_pg CMD...: PostgreSQL refuses to run as root; run its commands as the postgres user then.
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# start_cluster DIR PORT: initdb (trust, loopback and socket in DIR only) and start.
# max_connections leaves room for swift test, which runs every suite at once, each
# test with its own database and pools.
# A throwaway test cluster: fsync, synchronous_commit and full_page_writes are off, a
# test-only speed setting that loses acknowledged writes on a crash. `oversight dev`
# (scripts/run) keeps PostgreSQL's durable defaults; the durability test runs against a
# cluster that EmbeddedPostgres configures, as `oversight dev` does.
start_cluster() {
    local dir=$1 port=$2
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
    chmod 700 "$dir"
    as_pg "$(pg_bin initdb)" -D "$dir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    cat >>"$dir/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 600
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
    as_pg "$(pg_bin pg_ctl)" -D "$dir" -l "$dir/server.log" -w start >/dev/null
}

stop_cluster() {
    [ -f "$1/postmaster.pid" ] && as_pg "$(pg_bin pg_ctl)" -D "$1" -m immediate -w stop >/dev/null 2>&1 || true
}

# test_venv: the Python of .build/venv, with schemathesis, openapi-spec-validator (an
# independent check of /openapi.yaml), standardwebhooks (the webhook tests' receiver
# verifies signatures with it) and axe-playwright-python, only for the axe-core
# accessibility engine (axe.min.js, 4.12.1) it ships as package data, which
# Tests/APITests/Browser/axe_check.py injects over DevTools: --no-deps, since Playwright
# is not used. Prints the interpreter's path.
test_venv() {
    local venv=.build/venv
    if ! "$venv/bin/python" -c 'import schemathesis, standardwebhooks, openapi_spec_validator, axe_playwright_python' >/dev/null 2>&1; then
        python3 -m venv "$venv" >&2
        "$venv/bin/pip" install -q --disable-pip-version-check schemathesis standardwebhooks openapi-spec-validator >&2
        "$venv/bin/pip" install -q --disable-pip-version-check --no-deps axe-playwright-python==0.1.8 >&2
    fi
    echo "$PWD/$venv/bin/python"
}
