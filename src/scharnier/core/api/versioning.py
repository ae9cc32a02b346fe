"""The `API-Version` response header (NL API Design Rules /core/version-header).

Every response under `/api/` carries the full semver version of the API. The API's URL
patterns are wrapped with `with_api_version` (see api.urls), so the endpoints other apps
contribute get the header too without knowing about it.
"""

import functools
from collections.abc import Callable

from django.conf import settings
from django.urls import URLPattern, URLResolver

API_VERSION_HEADER = "API-Version"


def api_version() -> str:
    return settings.SPECTACULAR_SETTINGS["VERSION"]


def with_api_version(view: Callable) -> Callable:
    # functools.wraps copies the view's __dict__ (DRF's `cls`, `initkwargs`, `actions`,
    # `csrf_exempt`), so schema generation and CSRF handling see the original view.
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response[API_VERSION_HEADER] = api_version()
        return response

    return wrapped


def add_api_version_header(patterns: list) -> list:
    """Wrap every view reachable from `patterns` (recursively through includes)."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            add_api_version_header(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and not getattr(
            pattern.callback, "_adds_api_version", False
        ):
            pattern.callback = with_api_version(pattern.callback)
            pattern.callback._adds_api_version = True
    return patterns
