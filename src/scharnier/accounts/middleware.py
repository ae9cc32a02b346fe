"""Second factor required: a signed-in user who must use one and has not yet done so in this
session reaches only the verification and set-up pages (and logging out)."""

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from .policy import is_verified, requires_second_factor
from .services import confirmed_device

# Not /account/ as a whole: changing the password asks for the second factor first.
OPEN_PATHS = (
    "/static/",
    "/healthz",
    "/readyz",
    "/metrics",
    "/uitloggen/",
    "/account/tweestapsverificatie/",
)


class SecondFactorMiddleware:
    """Must come after AuthenticationMiddleware and django-otp's OTPMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is None
            or not user.is_authenticated
            or request.path_info.startswith(OPEN_PATHS)
            or not requires_second_factor(user)
            or is_verified(user)
        ):
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            # The API does not accept a half-finished login: the session counts as anonymous
            # there (API clients use tokens).
            request.user = AnonymousUser()
            return self.get_response(request)
        name = "accounts:verify" if confirmed_device(user) else "accounts:setup"
        return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
