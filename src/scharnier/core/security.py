"""Response headers that protect users: Permissions-Policy, no-store for personal data, and the
one page other sites may frame (the embed form), limited to a configured list of origins."""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# Responses under these paths show or accept an entrepreneur's personal data.
DEFAULT_PERSONAL_DATA_PATHS = (
    "/hulpvraag/",
    "/schakelteam/",
    "/aanbieder/",
    "/plan/",
    "/account/",
    "/inloggen/",
    "/admin/",
    "/api/v1/questions",
    "/api/v1/referrals",
)
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def handles_personal_data(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether no cache (browser, proxy) may keep this response.

    Personal-data paths, anything a signed-in user (session or API token) sees, and every answer
    to a write (it may echo what was typed) are never stored.
    """
    if getattr(response, "personal_data", False):
        return True
    prefixes = getattr(settings, "SCHARNIER_PERSONAL_DATA_PATHS", DEFAULT_PERSONAL_DATA_PATHS)
    if request.path_info.startswith(tuple(prefixes)):
        return True
    if request.method not in SAFE_METHODS:
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class SecurityHeadersMiddleware:
    """Adds Permissions-Policy to every response and Cache-Control: no-store where needed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.SCHARNIER_PERMISSIONS_POLICY)
        if handles_personal_data(request, response):
            response["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        return response


def embeddable(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let the origins in SCHARNIER_EMBED_FRAME_ANCESTORS frame this view (CSP frame-ancestors).

    Without configured origins only the site itself may frame it. X-Frame-Options cannot list
    origins, so it is dropped when a list is configured (browsers then follow the CSP).
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        origins = list(getattr(settings, "SCHARNIER_EMBED_FRAME_ANCESTORS", []))
        response._csp_replace = {"frame-ancestors": ["'self'", *origins]}
        if origins:
            response.xframe_options_exempt = True
        else:
            response["X-Frame-Options"] = "SAMEORIGIN"
        return response

    return wrapper
