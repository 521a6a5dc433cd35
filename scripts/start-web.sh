#!/bin/sh
# Start of the `web` container (Dockerfile, docker-compose.yml): migrate, then serve with gunicorn.
# Workers: WEB_CONCURRENCY (gunicorn reads it; 3 when unset). Static files were collected at build time.
# The access log shows the path without the query string (%(U)s): searches may carry names (UU 27/2022).
set -eu

python manage.py migrate --noinput

exec gunicorn dp3.wsgi:application \
    --bind 0.0.0.0:8000 \
    --workers "${WEB_CONCURRENCY:-3}" \
    --timeout "${GUNICORN_TIMEOUT:-60}" \
    --access-logfile - \
    --access-logformat '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(L)ss' \
    --error-logfile -
