#!/bin/sh
# Start of the `web` container (Dockerfile, docker-compose.yml): migrate, then serve with gunicorn.
# Workers: WEB_CONCURRENCY (gunicorn reads it; 3 when unset). Static files were collected at build time.
set -eu

python manage.py migrate --noinput

exec gunicorn dp3.wsgi:application \
    --bind 0.0.0.0:8000 \
    --workers "${WEB_CONCURRENCY:-3}" \
    --timeout "${GUNICORN_TIMEOUT:-60}" \
    --access-logfile - \
    --error-logfile -
