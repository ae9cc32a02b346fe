"""Development: DEBUG on (off for `make run`), console mail, works without Redis. Default of
`manage.py` and `make run`."""

import os

from scharnier.settings.base import *  # noqa: F403
from scharnier.settings.base import REDIS_URL
from scharnier.settings.env import env_bool, env_list, local_memory_cache, redis_reachable

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "development-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)

# runserver serves static files from the apps; no `collectstatic` needed.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# `make run` must work without Redis: when nothing answers at REDIS_URL at start-up, the cache
# lives in this process's memory (rate limits then count per process only).
if not redis_reachable(REDIS_URL):
    CACHES = {"default": local_memory_cache()}
    SCHARNIER_REDIS_REQUIRED = False
# Readable logs in a terminal (production logs JSON).
LOG_FORMAT = os.environ.get("SCHARNIER_LOG_FORMAT", "plain")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT  # noqa: F405

if DEBUG:
    # The development server serves static files itself; WhiteNoise is for collected files.
    MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
else:
    # `make run` (the demo) runs without DEBUG, so visitors see the Dutch error pages; WhiteNoise
    # then serves the apps' static files straight from their folders, no `collectstatic`.
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True
