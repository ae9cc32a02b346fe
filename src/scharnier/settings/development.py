"""Development: DEBUG on, console mail, works without Redis. Default of `manage.py`/`make run`."""

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
