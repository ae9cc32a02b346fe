"""RFC 9457 problem details for every API error.

DRF calls `problem_exception_handler` for every exception raised in an API view; the Django
404/500 hooks and the `/api/v1/` catch-all use `problem_response`. Every error body has
`type`, `title`, `status`, `detail`, `instance` and `code`; validation errors add
`invalidParams: [{name, code, reason}]` with the API's (camelCase) names.
"""

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connections
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.settings import api_settings

from scharnier.core.errors import Conflict

from .casing import camelize
from .versioning import API_VERSION_HEADER, api_version

PROBLEM_CONTENT_TYPE = "application/problem+json"


def set_rollback() -> None:
    """As DRF's own (rest_framework.views.set_rollback), which we cannot import here: that
    module reads the API settings, which import our parsers, which import this module."""
    for connection in connections.all():
        if connection.settings_dict["ATOMIC_REQUESTS"] and connection.in_atomic_block:
            connection.set_rollback(True)


# The name used in invalidParams for errors about the request body as a whole.
BODY_PARAM = "body"

# RFC 9110 sections that define each status; used as the problem `type`.
_RFC9110 = "https://datatracker.ietf.org/doc/html/rfc9110#section-"
_STATUS_SECTIONS = {
    400: "15.5.1",
    401: "15.5.2",
    403: "15.5.4",
    404: "15.5.5",
    405: "15.5.6",
    406: "15.5.7",
    409: "15.5.10",
    413: "15.5.14",
    415: "15.5.16",
    429: "https://datatracker.ietf.org/doc/html/rfc6585#section-4",
    500: "15.6.1",
}


def problem_type(status: int) -> str:
    section = _STATUS_SECTIONS.get(status)
    if section is None:
        return "about:blank"
    return section if section.startswith("https://") else _RFC9110 + section


def problem_title(status: int) -> str:
    titles = {
        400: _("Ongeldige invoer"),
        401: _("Niet aangemeld"),
        403: _("Geen toestemming"),
        404: _("Niet gevonden"),
        405: _("Methode niet toegestaan"),
        406: _("Gevraagd formaat niet beschikbaar"),
        409: _("Conflict"),
        413: _("Verzoek te groot"),
        415: _("Soort inhoud niet ondersteund"),
        429: _("Te veel verzoeken"),
        500: _("Interne fout"),
    }
    return titles.get(status, _("Fout"))


def problem_body(
    *,
    status: int,
    detail: str,
    instance: str,
    code: str,
    invalid_params: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": problem_type(status),
        "title": problem_title(status),
        "status": status,
        "detail": detail,
        "instance": instance,
        "code": code,
    }
    if invalid_params is not None:
        body["invalidParams"] = invalid_params
    return body


def problem_response(
    request: HttpRequest, status: int, detail: str, code: str, headers: Mapping | None = None
) -> JsonResponse:
    """A plain Django problem+json response, for errors outside DRF views."""
    response = JsonResponse(
        problem_body(status=status, detail=detail, instance=request.path, code=code),
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
    response[API_VERSION_HEADER] = api_version()
    for key, value in (headers or {}).items():
        response[key] = value
    return response


class ApiValidationError(exceptions.ValidationError):
    """A 400 whose invalidParams are given explicitly (e.g. query parameters)."""

    def __init__(self, invalid_params: list[dict[str, str]]):
        super().__init__({p["name"]: [p["reason"]] for p in invalid_params})
        self.invalid_params = invalid_params


def invalid_param(name: str, code: str, reason: str) -> dict[str, str]:
    return {"name": name, "code": code, "reason": str(reason)}


def _join(prefix: str, key: Any) -> str:
    if isinstance(key, int):
        return f"{prefix}[{key}]"
    name = BODY_PARAM if key in (api_settings.NON_FIELD_ERRORS_KEY, NON_FIELD_ERRORS) else key
    name = camelize(str(name))
    if not prefix or name == BODY_PARAM:
        return prefix or name
    return f"{prefix}.{name}"


def flatten_errors(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """DRF error detail (nested dicts/lists of ErrorDetail) -> invalidParams entries."""
    if isinstance(detail, Mapping):
        params: list[dict[str, str]] = []
        for key, value in detail.items():
            params += flatten_errors(value, _join(prefix, key))
        return params
    if isinstance(detail, list | tuple):
        params = []
        for index, value in enumerate(detail):
            # A list of messages belongs to one name; a list of dicts/lists is per item.
            if isinstance(value, Mapping | list | tuple):
                params += flatten_errors(value, _join(prefix, index))
            else:
                params += flatten_errors(value, prefix)
        return params
    return [invalid_param(prefix or BODY_PARAM, getattr(detail, "code", None) or "invalid", detail)]


def django_validation_params(
    error: DjangoValidationError, field_names: Mapping[str, str] | None = None
) -> list[dict[str, str]]:
    """Django ValidationError (from a service or model) -> invalidParams with API names."""
    field_names = field_names or {}
    if hasattr(error, "error_dict"):
        items: Iterable[tuple[str, list[DjangoValidationError]]] = error.error_dict.items()
    else:
        items = [(NON_FIELD_ERRORS, error.error_list)]
    params = []
    for field, errors in items:
        name = BODY_PARAM if field == NON_FIELD_ERRORS else field_names.get(field, camelize(field))
        for item in errors:
            for message in item.messages:
                params.append(invalid_param(name, item.code or "invalid", message))
    return params


_DRF_ENGLISH_404 = re.compile(r"^No \w+ matches the given query\.?$")


class ConflictError(exceptions.APIException):
    status_code = 409
    default_detail = _("Deze stap kan nu niet.")
    default_code = "conflict"


def _as_api_exception(exc: Exception, context: Mapping) -> Exception:
    """Service refusals (Django and core exceptions) as DRF exceptions: the one error path."""
    if isinstance(exc, Conflict):
        return ConflictError(exc.message)
    if isinstance(exc, DjangoValidationError):
        return ApiValidationError(django_validation_params(exc))
    if isinstance(exc, Http404):
        # Django's messages name models in English; ours are Dutch and generic.
        return exceptions.NotFound(_("Dit object bestaat niet (meer)."))
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(
            _("Je hebt geen toestemming voor deze handeling op dit object.")
        )
    return exc


def problem_exception_handler(exc: Exception, context: Mapping) -> Response | None:
    """DRF exception handler: every API error becomes application/problem+json."""
    exc = _as_api_exception(exc, context)
    if not isinstance(exc, exceptions.APIException):
        return None  # a real bug: Django's handler500 hook answers (see api.views)
    request = context.get("request")
    status = exc.status_code
    instance = request.path if request is not None else ""
    invalid_params = None
    if isinstance(exc, ApiValidationError):
        invalid_params = exc.invalid_params
    elif isinstance(exc, exceptions.ValidationError):
        invalid_params = flatten_errors(exc.detail)
    if invalid_params is not None:
        detail = _("Een of meer waarden zijn ongeldig. Zie invalidParams.")
        code = "invalid"
    else:
        detail = str(exc.detail) if not isinstance(exc.detail, list | dict) else str(exc)
        code = exc.default_code if isinstance(exc.default_code, str) else "error"
        if isinstance(exc, exceptions.ParseError) and detail.startswith("JSON parse"):
            detail = _("De inhoud van het verzoek is geen geldige JSON.")
        if isinstance(exc, exceptions.NotFound) and _DRF_ENGLISH_404.match(detail):
            detail = _("Dit object bestaat niet (meer).")
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    set_rollback()
    response = Response(
        problem_body(
            status=status,
            detail=detail,
            instance=instance,
            code=code,
            invalid_params=invalid_params,
        ),
        status=status,
        headers=headers,
    )
    # Response.rendered_content writes content_type into the header; a header set here
    # would be overwritten with the renderer's application/json.
    response.content_type = PROBLEM_CONTENT_TYPE
    return response
