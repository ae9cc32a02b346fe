"""Rate limits on anonymous writes, backed by the Django cache (Redis in production).

One fixed-window counter per (scope, IP) and per (scope, e-mail address). Use `enforce()` in a
view or API view, or the `rate_limited` decorator on a view function. Over the limit it raises
`RateLimited`: DRF answers 429 problem+json (it is a `Throttled`), the site answers a Dutch 429
page (`RateLimitMiddleware`). Keys are hashed, so no address or IP sits in the cache in clear.

Rates come from settings.SCHARNIER_RATE_LIMITS: {scope: {"ip": "10/h", "email": "3/h"}}; an
empty rate switches that limit off (e.g. for a load test from one address).
"""

import hashlib
import ipaddress
import logging
import math
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework.exceptions import Throttled

logger = logging.getLogger(__name__)

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class RateLimited(Throttled):
    """Too many requests in this scope; `wait` is the number of seconds until the next window."""

    def __init__(self, wait: int):
        minutes = max(1, math.ceil(wait / 60))
        detail = ngettext(
            "U heeft dit te vaak gedaan. Probeer het over %(n)d minuut opnieuw.",
            "U heeft dit te vaak gedaan. Probeer het over %(n)d minuten opnieuw.",
            minutes,
        ) % {"n": minutes}
        super().__init__(wait=wait, detail=detail)


def parse_rate(rate: str) -> tuple[int, int]:
    """'10/h' -> (10, 3600); '5/15m' -> (5, 900)."""
    count, _slash, period = rate.partition("/")
    unit = period[-1]
    multiple = int(period[:-1] or 1)
    return int(count), multiple * _UNITS[unit]


def client_ip(request: HttpRequest) -> str:
    """The client's address; behind SCHARNIER_PROXY_COUNT trusted proxies, from X-Forwarded-For.

    Only the entries the trusted proxies appended count: a client cannot spoof its address by
    sending its own X-Forwarded-For.
    """
    proxies = int(getattr(settings, "SCHARNIER_PROXY_COUNT", 0))
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or "unknown"


def _key(scope: str, kind: str, value: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{value.strip().lower()}".encode()).hexdigest()
    return f"ratelimit:{scope}:{kind}:{digest[:32]}"


def hit(key: str, limit: int, window: int) -> int:
    """Count one hit in the current window; return the seconds to wait (0 = allowed).

    A cache failure (Redis down) lets the request through and is logged: better a missing limit
    than a site that refuses every question.
    """
    now = time.time()
    window_start = int(now // window) * window
    window_key = f"{key}:{window_start}"
    try:
        cache.add(window_key, 0, timeout=window + 5)
        count = cache.incr(window_key)
    except Exception:  # noqa: BLE001 - any cache backend error
        logger.warning("rate limit cache unavailable; request allowed", exc_info=True)
        return 0
    if count <= limit:
        return 0
    return max(1, int(window_start + window - now))


def rates_for(scope: str) -> dict[str, str]:
    return getattr(settings, "SCHARNIER_RATE_LIMITS", {}).get(scope, {})


def enforce(request: HttpRequest, scope: str, email: str | None = None) -> None:
    """Count this request against the scope's per-IP and per-e-mail limits; raise when over."""
    rates = rates_for(scope)
    waits = []
    if rates.get("ip"):
        limit, window = parse_rate(rates["ip"])
        waits.append(hit(_key(scope, "ip", client_ip(request)), limit, window))
    if email and rates.get("email"):
        limit, window = parse_rate(rates["email"])
        waits.append(hit(_key(scope, "email", email), limit, window))
    wait = max(waits, default=0)
    if wait:
        logger.info("rate limit reached", extra={"scope": scope})
        raise RateLimited(wait)


def rate_limited(
    scope: str, email_field: str | None = "email", methods: tuple[str, ...] = ("POST",)
) -> Callable:
    """Decorator for a view function: enforce the scope's limits on the given methods."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method in methods:
                email = request.POST.get(email_field) if email_field else None
                enforce(request, scope, email=email)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


class RateLimitMiddleware:
    """Turns RateLimited from a site view into the Dutch 429 page (DRF renders its own)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not isinstance(exception, RateLimited):
            return None
        response = render(
            request,
            "core/429.html",
            {"detail": exception.detail, "title": _("Even wachten")},
            status=429,
        )
        response["Retry-After"] = str(int(exception.wait or 60))
        return response


def peek(key: str, limit: int, window: int) -> int:
    """Seconds to wait if the current window of ``key`` is already over ``limit`` (no hit)."""
    now = time.time()
    window_start = int(now // window) * window
    try:
        count = cache.get(f"{key}:{window_start}", 0)
    except Exception:  # noqa: BLE001 - any cache backend error
        return 0
    return max(1, int(window_start + window - now)) if count >= limit else 0


def scoped_key(scope: str, kind: str, value: str) -> str:
    return _key(scope, kind, value)


def login_client_ip(request: HttpRequest) -> str | None:
    """`client_ip` for django-axes, whose logs store a real IP address (PostgreSQL `inet`).

    A request without an address (a test client's `force_login`, a socket without peer) is
    recorded without one instead of failing the login.
    """
    address = client_ip(request)
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return None
    return address
