"""Cache of public pages for anonymous visitors (issue 11: load).

Only GET/HEAD requests without a session or message cookie are served from the cache, and only
responses that set no cookie (a page with a CSRF token sets one) and allow storing are kept:
pages with personal data are never cached. Each page is kept with the catalog version it was
made under and a catalog change bumps that version, so changed offers show at once; other
changes (regions, organisations) show within `SCHARNIER_PAGE_CACHE_SECONDS` (0: cache off).
A hit costs one cache round trip (version and page in one MGET).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

logger = logging.getLogger(__name__)
VERSION_KEY = "public-pages:version"
# Cookies that make a page personal (signed in, a flash message waiting).
_PERSONAL_COOKIES = ("sessionid", "messages")


def _seconds() -> int:
    return int(getattr(settings, "SCHARNIER_PAGE_CACHE_SECONDS", 60))


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    names = (settings.SESSION_COOKIE_NAME, *_PERSONAL_COOKIES)
    return not any(name in request.COOKIES for name in names)


def _key(request: HttpRequest) -> str:
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"public-pages:{digest}"


def _lookup(key: str) -> tuple[int, HttpResponse | None]:
    """The current catalog version and the page kept under it, in one cache round trip.

    A page is kept with the version it was made under; after a catalog change it no longer
    matches and is made again.
    """
    try:
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, 1, None)
            version = cache.get(VERSION_KEY, 1)
    except Exception:  # noqa: BLE001 - a cache outage must not break the page
        logger.warning("page cache unavailable", exc_info=True)
        return 0, None
    kept = found.get(key)
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == version:
        return version, kept[1]
    return version, None


def _storable(response: HttpResponse) -> bool:
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "no-store" not in control
        and "private" not in control
    )


def cache_public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve an anonymous visitor's page from the shared cache (see module docstring)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        seconds = _seconds()
        if seconds <= 0 or not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        version, cached = _lookup(key)
        if cached is not None:
            return cached
        response = view(request, *args, **kwargs)
        if _storable(response) and not request.user.is_authenticated:
            patch_vary_headers(response, ["Cookie"])
            patch_cache_control(response, public=True, max_age=seconds)
            try:
                cache.set(key, (version, response), seconds)
            except Exception:  # noqa: BLE001
                logger.warning("page cache unavailable", exc_info=True)
        return response

    return wrapped


def bump_version(sender=None, **kwargs) -> None:
    """Receiver of catalog.signals.offers_changed: every cached page is out of date."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet: nothing is cached under a version
        pass
    except Exception:  # noqa: BLE001 - never break the catalog write
        logger.warning("page cache version not bumped", exc_info=True)
