"""Production: DEBUG off, everything from the environment, refuses to start when incomplete.

Default of `wsgi.py` (gunicorn). The README lists every variable ("Running in production").
"""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from scharnier.settings.base import *  # noqa: F403
from scharnier.settings.base import ALLOWED_HOSTS, EMAIL_BACKEND, SECRET_KEY, SITE_URL
from scharnier.settings.env import env_bool, env_int, env_list

DEBUG = False

# Mail backends that would print or drop the mails (with addresses and status links).
NOT_FOR_PRODUCTION_MAIL = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}
KNOWN_PLACEHOLDER_KEYS = {"development-only-not-secret", "test-only-not-secret", "change-me"}


def configuration_problems() -> list[str]:
    """What is missing or unsafe in the production environment (empty when complete)."""
    problems = []
    if (
        len(SECRET_KEY) < 50
        or len(set(SECRET_KEY)) < 5
        or SECRET_KEY.startswith("django-insecure")
        or SECRET_KEY in KNOWN_PLACEHOLDER_KEYS
    ):
        problems.append("DJANGO_SECRET_KEY: set a random key of at least 50 characters.")
    if not ALLOWED_HOSTS:
        problems.append("DJANGO_ALLOWED_HOSTS: set the host names of the site (comma-separated).")
    if "DJANGO_EMAIL_BACKEND" in os.environ and EMAIL_BACKEND in NOT_FOR_PRODUCTION_MAIL:
        problems.append("DJANGO_EMAIL_BACKEND: console/file/memory mail is not for production.")
    if EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend" and not os.environ.get(
        "DJANGO_EMAIL_HOST"
    ):
        problems.append("DJANGO_EMAIL_HOST: set the SMTP server that sends the mail.")
    if not os.environ.get("DJANGO_DEFAULT_FROM_EMAIL"):
        problems.append("DJANGO_DEFAULT_FROM_EMAIL: set the sender address of outgoing mail.")
    site = urlsplit(os.environ.get("SCHARNIER_SITE_URL", ""))
    if site.scheme not in ("http", "https") or not site.netloc:
        problems.append(
            "SCHARNIER_SITE_URL: set the public address, e.g. https://scharnier.example."
        )
    return problems


_problems = configuration_problems()
if _problems:
    raise ImproperlyConfigured("Production settings are incomplete:\n- " + "\n- ".join(_problems))

# HTTPS: redirect, HSTS and secure cookies; a reverse proxy that terminates TLS tells us so with
# X-Forwarded-Proto (set DJANGO_SECURE_PROXY_SSL_HEADER empty when there is no such proxy).
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
# Probes and the metrics scraper talk plain HTTP on the internal network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", False)
_proxy_header = os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER", "HTTP_X_FORWARDED_PROTO")
SECURE_PROXY_SSL_HEADER = (_proxy_header, "https") if _proxy_header else None
SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("DJANGO_CSRF_COOKIE_SECURE", True)
_site = urlsplit(SITE_URL)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", f"{_site.scheme}://{_site.netloc}")
