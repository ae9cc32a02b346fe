"""Query parameters of the list endpoints, checked strictly.

An unknown parameter, an unknown code or a malformed value is a 400 with invalidParams,
never a silently empty or unfiltered list.
"""

import re
from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from scharnier.catalog.models import VOCABULARIES, OfferStatus, ScopeLevel
from scharnier.catalog.queries import OfferFilters
from scharnier.core.api.errors import ApiValidationError, invalid_param
from scharnier.geography.models import Municipality, Province, Region
from scharnier.organisations.models import Organisation, OrganisationKind

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

    def vocabulary_codes(self, name: str, vocabulary: str) -> list[str]:
        model = VOCABULARIES[vocabulary]
        return self.codes(name, model.objects.values_list("code", flat=True))

    def one_code(self, name: str, vocabulary: str) -> str:
        values = self.vocabulary_codes(name, vocabulary)
        if len(values) > 1:
            self.fail(name, "multiple", _("Geef hier één code op."))
            return ""
        return values[0] if values else ""

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


MUNICIPALITY_CODE = r"GM\d{4}"
PROVINCE_CODE = r"PV\d{2}"


def parse_offer_filters(query: QueryDict) -> OfferFilters:
    params = QueryParams(query, OFFER_FILTER_NAMES)
    filters = OfferFilters(
        text=params.text("q"),
        themes=params.vocabulary_codes("theme", "theme"),
        journey_phases=params.vocabulary_codes("journeyPhase", "journey_phase"),
        offer_types=params.vocabulary_codes("offerType", "offer_type"),
        size_class=params.one_code("sizeClass", "size_class"),
        sbi_section=params.one_code("sector", "sbi_section"),
        scope_levels=params.codes("scopeLevel", ScopeLevel.values),
    )
    statuses = params.codes("status", OfferStatus.values)
    filters.statuses = statuses or [OfferStatus.ACTIVE]
    provider = params.lookup("provider", Organisation, "slug")
    filters.provider_slug = provider.slug if provider else ""
    municipality = params.lookup(
        "municipality", Municipality.objects.select_related("province"), "code", MUNICIPALITY_CODE
    )
    region = params.lookup("region", Region, "slug")
    if municipality is not None and region is not None:
        params.fail(
            "region",
            "conflict",
            _("Filter op een gemeente of op een regio, niet op allebei."),
        )
    filters.municipality = municipality
    filters.region = region
    params.raise_if_invalid()
    return filters


def _param(name: str, description: str, *, many: bool = False, enum=None) -> OpenApiParameter:
    return OpenApiParameter(
        name,
        OpenApiTypes.STR,
        OpenApiParameter.QUERY,
        description=description,
        many=many,
        explode=True if many else None,
        enum=enum,
    )


OFFER_FILTER_PARAMETERS = [
    _param("q", "Zoekwoorden; elk woord moet voorkomen in titel, tekst of aanbieder."),
    _param("theme", "Thema-codes (herhaal of scheid met komma's).", many=True),
    _param("journeyPhase", "Klantreisfase-codes.", many=True),
    _param("offerType", "Codes van soort aanbod.", many=True),
    _param(
        "municipality",
        "CBS-code van een gemeente (GMxxxx): aanbod dat daar beschikbaar is "
        "(landelijk, provincie, regio's en de gemeente zelf).",
    ),
    _param("sizeClass", "Grootteklasse-code; aanbod zonder grootteklasse telt mee."),
    _param("sector", "SBI-sectiecode; aanbod zonder sector telt mee."),
    _param(
        "status",
        "Status (standaard: actief). Herhaal voor meer statussen.",
        many=True,
        enum=OfferStatus.values,
    ),
    _param("provider", "Korte naam (slug) van de aanbieder."),
    _param("region", "Korte naam (slug) van een regio: aanbod dat daar beschikbaar is."),
    _param("scopeLevel", "Gebiedsniveau van het aanbod.", many=True, enum=ScopeLevel.values),
]
OFFER_FILTER_NAMES = [p.name for p in OFFER_FILTER_PARAMETERS]


def parse_municipality_filters(query: QueryDict) -> dict:
    params = QueryParams(query, ["province", "region"])
    province = params.lookup("province", Province, "code", PROVINCE_CODE)
    region = params.lookup("region", Region, "slug")
    params.raise_if_invalid()
    return {"province": province, "region": region}


MUNICIPALITY_FILTER_PARAMETERS = [
    _param("province", "CBS-code van de provincie (PVxx)."),
    _param("region", "Korte naam (slug) van een regio."),
]


def parse_organisation_filters(query: QueryDict) -> dict:
    params = QueryParams(query, ["kind"])
    kinds = params.codes("kind", OrganisationKind.values)
    params.raise_if_invalid()
    return {"kinds": kinds}


ORGANISATION_FILTER_PARAMETERS = [
    _param("kind", "Soort organisatie.", many=True, enum=OrganisationKind.values),
]


def parse_no_filters(query: QueryDict) -> None:
    QueryParams(query, []).raise_if_invalid()
