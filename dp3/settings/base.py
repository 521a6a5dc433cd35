"""Settings shared by every environment, read from the environment with django-environ.

Environment variables: DATABASE_URL (default: SQLite file under var/), REDIS_URL (optional),
DJANGO_SECRET_KEY, DJANGO_DEBUG, DJANGO_ALLOWED_HOSTS. See docs/operator/configuration.md.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'sidp3.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
# A kept connection is checked before a request reuses it, so the first request after PostgreSQL comes back
# (restart, failover) gets a fresh connection instead of the dead one.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("DJANGO_CONN_HEALTH_CHECKS", default=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (web and worker) share the file: wait for locks instead of failing.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    # The dashboards' covering indexes (INCLUDE columns) are PostgreSQL's; SQLite builds them on their keys.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The planner's price of reading a random page. PostgreSQL's default (4) assumes spinning disks and makes
    # it prefer reading whole tables to the covering indexes the dashboards are built on; 1.1 is the usual
    # value for SSD storage or a database that fits in memory. Set on each connection, so a server of
    # default configuration behaves the same; 0 leaves the server's own value.
    RANDOM_PAGE_COST = env.float("SIDP3_PG_RANDOM_PAGE_COST", default=1.1)
    if RANDOM_PAGE_COST:
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c random_page_cost={RANDOM_PAGE_COST}"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

INSTALLED_APPS = [
    # django.contrib.admin, its admin modules imported by the URLconf instead of at start-up (dp3/apps.py).
    "dp3.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_filters",
    "django_htmx",
    "import_export",
    "simple_history",
    "django_celery_beat",
    "kernel",
    "accounts",
    "dp3.demo",
    "dp3.scale",
    "locus",
    "cadre",
    "activities",
    "impact",
    "reports",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "kernel.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The call log of the API's machine clients, around everything below it (its duration included).
    "api.middleware.APICallLogMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kernel.middleware.IdleSessionMiddleware",
    "kernel.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kernel.middleware.PrivateResponsesMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # A cadre's account (role kader): the cadre app and the API only, on a device still valid.
    "cadre.middleware.CadreAppMiddleware",
    "accounts.middleware.HtmxSignInMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dp3.urls"
WSGI_APPLICATION = "dp3.wsgi.application"
ASGI_APPLICATION = "dp3.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dp3.context_processors.navigation",
            ],
            "builtins": [
                "django.templatetags.i18n",
                "django.templatetags.static",
                "kernel.templatetags.dp3_tags",
            ],
        },
    }
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, loading the office and its region with the user (one query, not three).
    "accounts.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after 30 minutes without a request (idle timeout), and when the browser closes. A signed-in
# session's expiry is renewed by saving it, at most once a minute (kernel.middleware.IdleSessionMiddleware),
# not on every request: SESSION_SAVE_EVERY_REQUEST would write the session row on every page.
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_RENEW_SECONDS = env.int("DJANGO_SESSION_RENEW_SECONDS", default=60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

# django-axes: at most 5 failed logins per username and address, then a lock of 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
# Reverse proxies (nginx, a load balancer) in front of gunicorn: the client's address is then read from
# X-Forwarded-For through exactly this many of them (kernel.network.client_ip), for the lockout above and
# every audit trail. 0 (the default) never reads the header: set it to the real number of proxies, never more.
SIDP3_TRUSTED_PROXIES = env.int("SIDP3_TRUSTED_PROXIES", default=0)
AXES_CLIENT_IP_CALLABLE = "kernel.network.client_ip"

# Two-factor sign-in (django-otp): required for KPU RI and province administrators, superusers and anyone who
# may read full NIKs (accounts/two_factor.py). Authenticator apps show the account as "SIDP3:<username>".
OTP_TOTP_ISSUER = "SIDP3"
# Each wrong code doubles the wait before the next try (1, 2, 4, 8… seconds), per device.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
SIDP3_BACKUP_CODES = 10

LANGUAGE_CODE = "id"
# Each language is offered in its own name, so that a reader of either can find theirs.
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["dp3.formats"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded and report files on S3-compatible storage (AWS S3, MinIO, Ceph, a cloud's object storage) when the
# web and the workers do not share a disk: set the bucket (needs the extra: pip install -e ".[s3]").
# Credentials come from the usual AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or the host's role). The bucket
# stays private (no ACL, signed URLs only): every file is still served by its view after restrict(), which
# reads it from the bucket; nothing links to the bucket itself.
SIDP3_MEDIA_S3_BUCKET = env.str("SIDP3_MEDIA_S3_BUCKET", default="")
if SIDP3_MEDIA_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": SIDP3_MEDIA_S3_BUCKET,
            "endpoint_url": env.str("SIDP3_MEDIA_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("SIDP3_MEDIA_S3_REGION", default="") or None,
            "location": env.str("SIDP3_MEDIA_S3_PREFIX", default="media"),
            "addressing_style": env.str("SIDP3_MEDIA_S3_ADDRESSING_STYLE", default="path"),
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 300,
            # An upload never replaces another file of the same name (names get a suffix, as on disk).
            "file_overwrite": False,
        },
    }

# The demo data (seed_demo) may be loaded only where this is on: development and tests, never production.
SIDP3_ALLOW_DEMO = env.bool("SIDP3_ALLOW_DEMO", default=False)

# Uploaded documents (SK, PKS, photos, signed statements): PDF, JPG or PNG up to this size.
SIDP3_MAX_UPLOAD_BYTES = env.int("SIDP3_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
# Election results files (one row per TPS) are larger: a national CSV of 820,000 TPS is about 35 MB. The web
# server in front must let the results upload (/lokus/hasil-pemilu/impor/) through up to this size.
SIDP3_MAX_RESULTS_UPLOAD_BYTES = env.int("SIDP3_MAX_RESULTS_UPLOAD_BYTES", default=64 * 1024 * 1024)
# A request's form fields (not its files) are held in memory up to 5 MB; an uploaded file above 2.5 MB goes to
# a temporary file while it is checked. No form takes more than a few files at once. The web server in front
# refuses bodies above SIDP3_MAX_UPLOAD_BYTES plus a margin (docs/operator/security.md).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = int(2.5 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FILES = 20
FILE_UPLOAD_PERMISSIONS = 0o640

REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that is down or hung answers within seconds, like the broker (below).
            "OPTIONS": {"socket_connect_timeout": 3, "socket_timeout": 5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: Redis when REDIS_URL is set; otherwise a broker in files under var/celery, so that a laptop
# runs a real background worker without any service (make run).
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
# How long a message taken by a worker stays invisible to the others before Redis hands it out again (the
# worker died without acknowledging it: SIGKILL, a lost host). It stays above the tasks' hard time limit
# (30 min, below), so a task still running is never delivered to a second worker; lower it only together
# with the limits. The unacknowledged messages are looked at every tenth of it (at most every 10 s).
SIDP3_BROKER_VISIBILITY_TIMEOUT = env.int("SIDP3_BROKER_VISIBILITY_TIMEOUT", default=3600)
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "visibility_timeout": SIDP3_BROKER_VISIBILITY_TIMEOUT,
        "unacked_restore_interval": max(1, min(10, SIDP3_BROKER_VISIBILITY_TIMEOUT // 10)),
        "unacked_restore_throttle": 1,
        # Asking for a report while Redis is down fails at once ("layanan antrean tidak tersedia") instead
        # of hanging: a short connect timeout, and a read timeout for a Redis that accepts but never answers
        # (a hung server, a dropped connection behind a firewall). Above the worker's 1 s BRPOP polls.
        "socket_connect_timeout": 3,
        "socket_timeout": env.float("SIDP3_BROKER_SOCKET_TIMEOUT", default=5.0),
    }
    if REDIS_URL
    else {
        "data_folder_in": str(VAR_DIR / "celery" / "queue"),
        "data_folder_out": str(VAR_DIR / "celery" / "queue"),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
)
if not REDIS_URL:
    for _folder in CELERY_BROKER_TRANSPORT_OPTIONS.values():
        if isinstance(_folder, str):
            Path(_folder).mkdir(parents=True, exist_ok=True)
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 3
# Periodic tasks live in the database (django-celery-beat), editable in the admin.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Entries here are written into that database by the scheduler at start. The weekly reminder e-mail runs
# every hour and sends to the offices whose own clock shows Monday 07.xx (reports/reminders.py).
CELERY_BEAT_SCHEDULE = {
    "pengingat-tindakan-mingguan": {
        "task": "reports.tasks.send_weekly_action_reminders",
        "schedule": crontab(minute=0),
    },
    # Every night (02.30 WIB): the API clients' calls older than 90 days go (accounts/api_clients.py).
    "log-panggilan-api": {
        "task": "accounts.tasks.purge_api_calls",
        "schedule": crontab(hour=2, minute=30),
    },
    # Every morning (06.00 WIB): milestones now due within 14 days, told in the app (reports/reminders.py).
    # Every 30 minutes: election results imports stuck running or never taken are failed
    # (locus/services/results_jobs.py), so that no job page polls for ever.
    "impor-hasil-tertahan": {
        "task": "locus.tasks.sweep_results_jobs",
        "schedule": crontab(minute="*/30"),
    },
    "tonggak-jatuh-tempo-harian": {
        "task": "reports.tasks.notify_due_milestones",
        "schedule": crontab(hour=6, minute=0),
    },
}
# The address users reach SIDP3 at, for the links in e-mails sent by the worker (no request to ask).
SIDP3_SITE_URL = env.str("SIDP3_SITE_URL", default="http://127.0.0.1:8000")

# When PostgreSQL cannot be reached, pages answer 503 with this Retry-After (seconds); see dp3/health.py.
SIDP3_RETRY_AFTER_SECONDS = env.int("SIDP3_RETRY_AFTER_SECONDS", default=30)

# Report jobs (reports/): their files are removed this many days after they were made (the job stays, marked
# expired). The periodic tasks (weekly recaps, sweep, retention) come from a data migration of reports.
SIDP3_REPORT_RETENTION_DAYS = env.int("SIDP3_REPORT_RETENTION_DAYS", default=7)
# Where a worker writes a report before uploading it, when the media live in S3-compatible storage.
SIDP3_REPORT_SCRATCH_DIR = env.path("SIDP3_REPORT_SCRATCH_DIR", default=str(VAR_DIR / "report-scratch"))

EMAIL_BACKEND = env.str("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="SIDP3 <noreply@sidp3.local>")

# Security headers (docs/operator/security.md). Scripts, styles, fonts and images come from this site only
# (Bootstrap's own SVG icons are data: URIs); no inline script or style attribute anywhere
# (static/js/sidp3.js carries the pages' behaviours, static/css/sidp3.css their styles); no framing;
# forms post to this site only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"

# The API under /api/v1/ (api/, docs/developer/api.md). Machine clients send their token
# (``Authorization: Bearer``, api/authentication.py; no CSRF, a bad token is a 401, so it comes first and
# an anonymous request is a 401 asking for a token); browsers and the phone app use their signed-in session
# (CSRF checked on anything but a read). A read-only client may only read (api/permissions.py).
# JSON only, with DRF's browsable pages in development. Long lists are paged by cursor (stable under
# inserts, no COUNT(*)); each signed-in user gets SIDP3_API_RATE requests (e.g. "2000/hour"), each machine
# client SIDP3_API_CLIENT_RATE, counted apart (api/throttling.py); every call of a client is logged
# (api/middleware.py, kept 90 days).
API_AUTHENTICATION_CLASSES = [
    "api.authentication.ClientTokenAuthentication",
    "rest_framework.authentication.SessionAuthentication",
]
SIDP3_API_CLIENT_RATE = env.str("SIDP3_API_CLIENT_RATE", default="5000/hour")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": API_AUTHENTICATION_CLASSES,
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "api.permissions.ClientAccess",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        *(["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    ],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.CodeCursorPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # Per user, or per machine client: a request without either is refused before any throttle counts it.
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.SessionUserRateThrottle",
        "api.throttling.ClientRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"user": env.str("SIDP3_API_RATE", default="2000/hour")},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # The services' ValidationError and PermissionDenied as 400 {field: [messages]} and 403 {detail}.
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SIDP3 API",
    "DESCRIPTION": "SIDP3's regions, programme years, loci, cadres, socialisation activities, training "
    "sessions, coordination meetings, evaluations, targets and dashboard figures, within the jurisdiction of "
    "the signed-in user (session) or of the API client's office (bearer token); and the offices' writes "
    "through the same services as the pages: registering a cadre and its recruitment steps, recording an "
    "activity, recording attendance. NIKs are masked; a full NIK only with the permission and a reason in "
    "the X-Alasan-Akses header, logged. Errors: 400 {field: [messages]} (non_field_errors for the others), "
    "401, 403 and 404 {detail} (docs/developer/api.md).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Swagger UI's files come from drf-spectacular-sidecar's static files, never from a CDN; the split view
    # serves its start-up script as a file of its own, within the Content-Security-Policy (script-src 'self').
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "LocusStatusEnum": "locus.choices.LocusStatus",
        "CadreStatusEnum": "cadre.choices.CadreStatus",
        "FollowUpStatusEnum": "activities.choices.FollowUpStatus",
        "EvaluationStatusEnum": "activities.choices.EvaluationStatus",
        "ActivityStatusEnum": "activities.choices.ActivityStatus",
        "OfficeLevelEnum": "accounts.choices.OfficeLevel",
        "AttachmentKindEnum": "activities.choices.AttachmentKind",
        "RegencyKindEnum": "regions.choices.RegencyKind",
        "DistrictKindEnum": "regions.choices.DistrictKind",
        "VillageKindEnum": "regions.choices.VillageKind",
        "AdvocacyStatusEnum": "activities.choices.AdvocacyStatus",
        "AdvocacyKindEnum": "activities.choices.AdvocacyKind",
        "AdvocacyPartyEnum": "activities.choices.AdvocacyParty",
    },
    "SORT_OPERATION_PARAMETERS": True,
    # Every operation's error answers (400, 401, 403, 404, 415, 429 as they apply) documented by one hook
    # (api/schema.py), a new endpoint's included; tests/api/test_contract.py holds the answers to the schema.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.document_error_responses",
    ],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No page uses the camera, microphone, location, payments, USB or the like (kernel.middleware).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=()"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # No personal data in logs: query strings dropped from request lines, NIKs and phones masked.
    "filters": {
        "no_query_string": {"()": "kernel.logging.QueryStringFilter"},
        "no_personal_data": {"()": "kernel.logging.PersonalDataFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["no_query_string", "no_personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # The development server logs its request lines here, through the filtered console handler.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
