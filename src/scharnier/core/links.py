"""Absolute links for mail: from the configured public address, never from a request's Host."""

from django.conf import settings


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path
