#!/usr/bin/env bash
# Development server for SIDP3, called by `make run` (which installs .venv first).
#
# Compiles translations (when gettext is installed), migrates, loads the Kemendagri regions and the demo
# data (both idempotent), then serves on 127.0.0.1:$PORT with Django's runserver together with one Celery
# worker. Without REDIS_URL the worker uses the filesystem broker under var/celery, so no Redis is needed.
# Stopping the server (Ctrl-C, or a TERM to this script) stops the worker too.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

PORT="${PORT:-8000}"
VENV="${VENV:-.venv}"
PY="$VENV/bin/python"
CELERY="$VENV/bin/celery"
ADDRESS="127.0.0.1:$PORT"

if [[ ! -x "$PY" ]]; then
    echo "scripts/run.sh: $PY not found; run 'make run' (it creates the virtualenv first)." >&2
    exit 1
fi

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

# The compiled .mo files are committed; recompile only when gettext's msgfmt is there and catalogues exist.
if command -v msgfmt >/dev/null 2>&1 \
    && [[ -n "$(find . -path "./$VENV" -prune -o -path ./var -prune -o -name '*.po' -print -quit)" ]]; then
    step "Compiling translations"
    "$PY" manage.py compilemessages --ignore="$VENV" --ignore=var --ignore=node_modules --ignore=.git
fi

step "Applying migrations"
"$PY" manage.py migrate --noinput

step "Loading the Kemendagri regions (import_regions)"
"$PY" manage.py import_regions

step "Loading the demo offices, users and data (seed_demo)"
"$PY" manage.py seed_demo

worker_pid=""
server_pid=""

stop_children() {
    local status=$?
    trap - EXIT INT TERM
    for pid in "$server_pid" "$worker_pid"; do
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
        fi
    done
    # Celery finishes the task in hand (warm shutdown); give it a while, then stop it hard.
    for _ in $(seq 1 100); do
        if [[ -z "$worker_pid" ]] || ! kill -0 "$worker_pid" 2>/dev/null; then
            break
        fi
        sleep 0.1
    done
    if [[ -n "$worker_pid" ]] && kill -0 "$worker_pid" 2>/dev/null; then
        kill -KILL "$worker_pid" 2>/dev/null || true
    fi
    wait 2>/dev/null || true
    echo "SIDP3 stopped (server and Celery worker)."
    exit "$status"
}
trap stop_children EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ -n "${REDIS_URL:-}" ]] || { [[ -f .env ]] && grep -Eq '^[[:space:]]*REDIS_URL=.+' .env; }; then
    broker="Redis (REDIS_URL)"
else
    broker="files under var/celery (no Redis needed)"
fi

step "Starting the Celery worker (with beat)"
# -B: the beat scheduler (periodic tasks from the database: report sweep, retention, weekly recaps) inside it.
"$CELERY" -A dp3 --quiet worker -B -l info --concurrency 1 &
worker_pid=$!
echo "Celery worker running (pid $worker_pid), broker: $broker."

cat <<EOF

  SIDP3 is starting at  http://$ADDRESS/

  Demo logins (password for all: sidp3-demo)
    nasional           KPU RI — administrator
    prov-lampung       KPU Provinsi Lampung — administrator
    kab-tanggamus      KPU Kabupaten Tanggamus — komisioner
    prov-ntt           KPU Provinsi Nusa Tenggara Timur — administrator
    kab-flores-timur   KPU Kabupaten Flores Timur — komisioner
    prov-jambi         KPU Provinsi Jambi — administrator
    prov-kaltara       KPU Provinsi Kalimantan Utara — administrator
    prov-sumsel        KPU Provinsi Sumatera Selatan — administrator
    kota-palembang     KPU Kota Palembang — komisioner

  Press Ctrl-C to stop the server and the worker.

EOF

step "Starting the web server"
# In the background so that this shell can take Ctrl-C / TERM and stop both processes.
"$PY" manage.py runserver "$ADDRESS" &
server_pid=$!
wait "$server_pid"
