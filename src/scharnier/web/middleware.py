"""Page-level answers that Django leaves empty."""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

# Machine clients get their own answer (problem+json from the API, Django's from the admin).
NOT_PAGES = ("/api/", "/admin/")


class FormActionRedirectMiddleware:
    """A GET on a form's action address (…/notitie/, …/hernoemen/) leads to the page of the form.

    Such addresses only take a POST, and Django answers anything else with an empty 405 that a
    browser shows as its own English error page. People reach them by reloading after an error,
    or through the login page after their session ran out (the login's `next` is the action).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 405
            and request.method in ("GET", "HEAD")
            and not request.path.startswith(NOT_PAGES)
        ):
            parent = request.path.rstrip("/").rsplit("/", 1)[0] + "/"
            if parent != "/":  # a top-level action (log out) has no form to fill in again
                messages.warning(
                    request,
                    _(
                        "Er is niets opgeslagen. Vul het formulier hieronder opnieuw in en "
                        "verstuur het."
                    ),
                )
            return HttpResponseRedirect(parent)
        return response
