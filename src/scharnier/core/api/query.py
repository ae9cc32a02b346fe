"""Strict query parameters for every API list: unknown names, malformed values and page sizes
above the maximum are a 400 with invalidParams, never a silently empty, unfiltered or clamped list.
"""

import re
from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _

from .errors import ApiValidationError, invalid_param

PAGINATION_PARAMS = ("page", "pageSize")
MAX_PAGE_SIZE = 100
MAX_TEXT = 200
MAX_VALUES = 20


class QueryParams:
    """Reads a request's query string; collects every problem before raising one 400."""

    def __init__(self, query: QueryDict, allowed: Iterable[str]):
        self.query = query
        self.problems: list[dict[str, str]] = []
        allowed = set(allowed) | set(PAGINATION_PARAMS)
        for name in sorted(set(query) - allowed):
            self.problems.append(
                invalid_param(
                    name[:100],
                    "unknown_parameter",
                    _("Deze parameter bestaat niet. Toegestaan: %(names)s.")
                    % {"names": ", ".join(sorted(allowed))},
                )
            )
        self._check_pagination()

    def fail(self, name: str, code: str, reason: str) -> None:
        self.problems.append(invalid_param(name, code, reason))

    def raise_if_invalid(self) -> None:
        if self.problems:
            raise ApiValidationError(self.problems)

    def _check_pagination(self) -> None:
        for name, high in (("page", None), ("pageSize", MAX_PAGE_SIZE)):
            raw = self.text(name)
            if not raw:
                continue
            if not raw.isascii() or not raw.isdigit() or int(raw) < 1 or len(raw) > 9:
                self.fail(name, "invalid", _("Geef een geheel getal vanaf 1."))
            elif high and int(raw) > high:
                self.fail(name, "max_value", _("Gebruik hoogstens %(max)d.") % {"max": high})

    def text(self, name: str, max_length: int = MAX_TEXT) -> str:
        values = self.query.getlist(name)
        if len(values) > 1:
            self.fail(name, "multiple", _("Geef deze parameter hoogstens één keer op."))
            return ""
        value = values[0].strip() if values else ""
        if "\x00" in value:
            self.fail(name, "invalid", _("De waarde bevat een ongeldig teken."))
            return ""
        if len(value) > max_length:
            self.fail(
                name, "max_length", _("Gebruik maximaal %(max)d tekens.") % {"max": max_length}
            )
            return ""
        return value

    def many(self, name: str) -> list[str]:
        """A parameter that may repeat or hold a comma-separated list."""
        values: list[str] = []
        for raw in self.query.getlist(name):
            values += [part.strip() for part in raw.split(",") if part.strip()]
        if len(values) > MAX_VALUES:
            self.fail(
                name, "max_values", _("Geef hoogstens %(max)d waarden.") % {"max": MAX_VALUES}
            )
            return []
        return list(dict.fromkeys(values))

    def codes(self, name: str, known: Iterable[str]) -> list[str]:
        values = self.many(name)
        if not values:
            return []  # don't load the vocabulary for an absent parameter
        known = set(known)
        unknown = [v for v in values if v not in known]
        if unknown:
            self.fail(
                name,
                "unknown_code",
                _("Onbekende code: %(codes)s. Kies uit: %(known)s.")
                % {
                    "codes": ", ".join(v[:40] for v in unknown[:5]),
                    "known": ", ".join(sorted(known)),
                },
            )
            return []
        return values

    def lookup(self, name: str, model, field: str, pattern: str | None = None):
        """One object by its code or slug; None when the parameter is absent."""
        value = self.text(name, max_length=100)
        if not value:
            return None
        if pattern and not re.fullmatch(pattern, value):
            self.fail(
                name, "invalid", _("'%(value)s' heeft niet de goede vorm.") % {"value": value}
            )
            return None
        queryset = model if isinstance(model, QuerySet) else model.objects.all()
        found = queryset.filter(**{field: value}).first()
        if found is None:
            self.fail(name, "not_found", _("'%(value)s' bestaat niet.") % {"value": value})
        return found


def parse_no_filters(query: QueryDict) -> None:
    """For lists and details without filters: only `page` and `pageSize` are known."""
    QueryParams(query, []).raise_if_invalid()
