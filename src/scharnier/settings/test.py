"""Tests (pytest-django). Deterministic: local-memory cache, in-memory mail, fast hashing.

Tests that exercise Redis itself (rate limits across processes, readiness) switch the cache to
REDIS_URL explicitly.
"""

import os

from scharnier.settings.base import *  # noqa: F403
from scharnier.settings.env import local_memory_cache

SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": local_memory_cache()}
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")

# The live server serves app static files through finders; no manifest needed.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The development server serves static files itself; WhiteNoise is for collected files only.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405

# The test cache is local memory; /readyz tests switch Redis on explicitly.
SCHARNIER_REDIS_REQUIRED = False

# Matching: no e5 passages for every offer a test saves (tests that need it switch it on).
MATCHING_E5 = False
