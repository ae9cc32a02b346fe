"""Django settings for Scharnier.

Everything that differs between machines comes from the environment; the defaults give a
working development site on an embedded SQLite database.
"""

import os
from pathlib import Path

import dj_database_url

SRC_DIR = Path(__file__).resolve().parent
BASE_DIR = SRC_DIR.parent.parent
VAR_DIR = Path(os.environ.get("SCHARNIER_VAR_DIR", BASE_DIR / "var"))

DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("Set DJANGO_SECRET_KEY when DJANGO_DEBUG is off.")
    SECRET_KEY = "development-only-not-secret"  # noqa: S105

ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

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
    "scharnier.core",
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
    "scharnier.api",
    "scharnier.web",
    "scharnier.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "scharnier.urls"
WSGI_APPLICATION = "scharnier.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "scharnier.web.context_processors.navigation",
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
    # WAL lets the dev server read while an import writes.
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
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
STATIC_ROOT = BASE_DIR / "staticfiles"

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:editor-offers"
LOGOUT_REDIRECT_URL = "web:home"

# Uploads of offer files are read in memory up to this size; larger bodies are refused.
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "scharnier.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "scharnier.api.exceptions.problem_exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # Our parser turns over-deep or malformed JSON into a 400 problem instead of a 500.
    "DEFAULT_PARSER_CLASSES": ["scharnier.api.parsers.JSONParser"],
    "URL_FORMAT_OVERRIDE": None,
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
    },
    # NL API Design Rules on every operation: API-Version header, problem+json errors.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "scharnier.api.schema.add_adr_conventions",
    ],
}

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SCHARNIER_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Casework (issue 4): first-response target (a region may set its own), retention of personal
# data after closing, and the public address used in e-mailed links.
CASEWORK_SLA_WORKING_DAYS = int(os.environ.get("CASEWORK_SLA_WORKING_DAYS", "5"))
CASEWORK_RETENTION_MONTHS = int(os.environ.get("CASEWORK_RETENTION_MONTHS", "24"))
CASEWORK_SITE_URL = os.environ.get("SCHARNIER_SITE_URL", "http://127.0.0.1:8000")

# Monitoring (issue 9 interface, built with issue 13): KvK numbers are only kept as an HMAC with
# this secret. Set it in production; changing it breaks counting of unique firms over time.
MONITORING_FIRM_KEY_SECRET = os.environ.get("MONITORING_FIRM_KEY_SECRET", "") or (
    "firm-key:" + SECRET_KEY
)
# Signals (issue 13): a signal joins a thread when its similarity reaches this threshold.
SIGNALS_SITE_URL = os.environ.get("SCHARNIER_SITE_URL", "http://127.0.0.1:8000")
