#!/usr/bin/env bash
# Bounded load test on loopback (issue 6): gunicorn with production settings (DEBUG=false) on
# 127.0.0.1, the demo data plus load-test users on a throwaway PostgreSQL database, 50 concurrent
# virtual users browsing and answering for at most 60 s. Fails unless every request succeeds.
#
#   bench/load/run.sh                      # 50 users, 45 s, at most 30000 requests
#   USERS=20 DURATION=20 THINK=2 bench/load/run.sh
#
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust) and the project's .venv. Creates the
# database samverkan_load and drops it afterwards; stops the gunicorn it started. Prints the summary
# (JSON); bench/LOAD.md records runs. Not part of `make test` or CI.
#
# THINK is the mean pause of a user between requests (0.3 s: more than two CPUs can serve, a test of
# zero errors under overload; THINK=2 paces the users like people).
set -euo pipefail

cd "$(dirname "$0")/../.."
PY=.venv/bin/python
PORT=${PORT:-8766}
USERS=${USERS:-50}
DURATION=${DURATION:-45}
MAX_REQUESTS=${MAX_REQUESTS:-30000}
THINK=${THINK:-0.3}
WORKERS=${WORKERS:-$(( $(nproc) * 2 + 1 ))}
THREADS=${THREADS:-2}
DB=samverkan_load
PG=(-h 127.0.0.1 -p 5432 -U postgres)

export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export DEBUG=false
export SECRET_KEY="load-test-$($PY -c 'import secrets; print(secrets.token_urlsafe(32))')"
export ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=false
export SECURE_HSTS_SECONDS=0
export LOG_LEVEL=WARNING

work=$(mktemp -d)
gunicorn_pid=""
cleanup() {
    if [ -n "$gunicorn_pid" ] && kill -0 "$gunicorn_pid" 2>/dev/null; then
        kill -TERM "$gunicorn_pid"
        wait "$gunicorn_pid" 2>/dev/null || true
    fi
    dropdb "${PG[@]}" --if-exists "$DB"
    rm -rf "$work"
}
trap cleanup EXIT

echo "== database $DB"
dropdb "${PG[@]}" --if-exists "$DB"
createdb "${PG[@]}" "$DB"
$PY manage.py migrate --noinput --verbosity 0
$PY manage.py collectstatic --noinput --verbosity 0
$PY manage.py seed_demo --force > /dev/null
$PY bench/load/seed_load.py --staff $(( (USERS + 1) / 2 )) --partners $(( USERS / 2 )) > "$work/world.json"

echo "== gunicorn on 127.0.0.1:$PORT ($WORKERS workers x $THREADS threads)"
.venv/bin/gunicorn samverkan.wsgi:application \
    --bind "127.0.0.1:$PORT" --workers "$WORKERS" --threads "$THREADS" --worker-class gthread \
    --timeout 30 --graceful-timeout 5 --capture-output --error-logfile "$work/gunicorn.log" &
gunicorn_pid=$!
for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$PORT/healthz" > /dev/null 2>&1 && break
    sleep 0.2
done
curl -fsS "http://127.0.0.1:$PORT/healthz" > /dev/null

echo "== $USERS users for at most $DURATION s or $MAX_REQUESTS requests (load before: $(cut -d" " -f1-3 /proc/loadavg))"
status=0
$PY bench/load/loadtest.py --base "http://127.0.0.1:$PORT" --world "$work/world.json" \
    --users "$USERS" --duration "$DURATION" --max-requests "$MAX_REQUESTS" --think "$THINK" \
    --report "$work/report.json" || status=$?

if grep -qiE "error|exception|traceback" "$work/gunicorn.log"; then
    echo "== gunicorn reported errors:"
    grep -iE -A30 "error|exception|traceback" "$work/gunicorn.log" | head -80
    status=1
fi
echo "== machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load after: $(cut -d" " -f1-3 /proc/loadavg)"
free -h | head -2
if [ "$status" -eq 0 ]; then echo "== load test passed: no failures"; else echo "== load test FAILED"; fi
exit "$status"
