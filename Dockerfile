# SIDP3 application image: one image for the web (gunicorn), the Celery worker and Celery beat.
# Built and run by docker-compose.yml; see docs/operator/deployment.md.
FROM python:3.11-slim

# The code runs from /app, where templates/, static/ and locale/ live beside it: PYTHONPATH puts /app before
# the copy that `pip install .` leaves in site-packages (that install is for the dependencies).
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=dp3.settings.production

# WeasyPrint (PDF reports) needs Pango, HarfBuzz and fonts; gettext compiles the translations.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu gettext \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system sidp3 \
    && useradd --system --gid sidp3 --home-dir /app --no-create-home --shell /usr/sbin/nologin sidp3

WORKDIR /app

COPY . /app
RUN pip install .

# Static files are collected into the image (whitenoise serves them). The secret key here exists only for
# this build step; the containers get the real one from .env.
RUN if [ -d locale ]; then python manage.py compilemessages --ignore=var; fi \
    && DJANGO_SECRET_KEY=build-only-not-a-secret-build-only-not-a-secret-0123456789 \
       DJANGO_ALLOWED_HOSTS=localhost \
       python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media \
    && chown -R sidp3:sidp3 /app/var

USER sidp3

EXPOSE 8000

# docker-compose.yml names the command of each service; this default serves the web application.
CMD ["scripts/start-web.sh"]
