"""Query parameters of the list endpoints, checked strictly.

An unknown parameter, an unknown code or a malformed value is a 400 with invalidParams,
never a silently empty or unfiltered list.
"""

from django.http import QueryDict
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from scharnier.catalog.models import VOCABULARIES, OfferStatus, ScopeLevel
from scharnier.catalog.queries import OfferFilters
from scharnier.core.api import query
from scharnier.geography.models import Municipality, Province, Region
from scharnier.organisations.models import Organisation, OrganisationKind

MAX_PAGE_SIZE = query.MAX_PAGE_SIZE
parse_no_filters = query.parse_no_filters


class QueryParams(query.QueryParams):
    """Strict query parameters plus the catalog's controlled vocabularies."""

    def vocabulary_codes(self, name: str, vocabulary: str) -> list[str]:
        model = VOCABULARIES[vocabulary]
        return self.codes(name, model.objects.values_list("code", flat=True))

    def one_code(self, name: str, vocabulary: str) -> str:
        values = self.vocabulary_codes(name, vocabulary)
        if len(values) > 1:
            self.fail(name, "multiple", _("Geef hier één code op."))
            return ""
        return values[0] if values else ""


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


def _param(
    name: str,
    description: str,
    *,
    many: bool = False,
    enum=None,
    pattern: str | None = None,
    max_length: int | None = None,
) -> OpenApiParameter:
    schema: dict | str = OpenApiTypes.STR
    if pattern:
        schema = {"type": "string", "pattern": f"^{pattern}$"}
    elif max_length:
        # What QueryParams.text() accepts: no NUL, at most max_length characters.
        schema = {"type": "string", "maxLength": max_length, "pattern": "^[^\\x00]*$"}
    return OpenApiParameter(
        name,
        schema,
        OpenApiParameter.QUERY,
        description=description,
        many=many,
        explode=True if many else None,
        enum=enum,
    )


OFFER_FILTER_PARAMETERS = [
    _param(
        "q",
        "Zoekwoorden; elk woord moet voorkomen in titel, tekst of aanbieder.",
        max_length=query.MAX_TEXT,
    ),
    _param("theme", "Thema-codes (herhaal of scheid met komma's).", many=True),
    _param("journeyPhase", "Klantreisfase-codes.", many=True),
    _param("offerType", "Codes van soort aanbod.", many=True),
    _param(
        "municipality",
        "CBS-code van een gemeente (GMxxxx): aanbod dat daar beschikbaar is "
        "(landelijk, provincie, regio's en de gemeente zelf).",
        pattern=MUNICIPALITY_CODE,
    ),
    _param("sizeClass", "Grootteklasse-code; aanbod zonder grootteklasse telt mee."),
    _param("sector", "SBI-sectiecode; aanbod zonder sector telt mee."),
    _param(
        "status",
        "Status (standaard: actief). Herhaal voor meer statussen.",
        many=True,
        enum=OfferStatus.values,
    ),
    _param("provider", "Korte naam (slug) van de aanbieder.", max_length=100),
    _param(
        "region",
        "Korte naam (slug) van een regio: aanbod dat daar beschikbaar is.",
        max_length=100,
    ),
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
    _param("province", "CBS-code van de provincie (PVxx).", pattern=PROVINCE_CODE),
    _param("region", "Korte naam (slug) van een regio.", max_length=100),
]


def parse_organisation_filters(query: QueryDict) -> dict:
    params = QueryParams(query, ["kind"])
    kinds = params.codes("kind", OrganisationKind.values)
    params.raise_if_invalid()
    return {"kinds": kinds}


ORGANISATION_FILTER_PARAMETERS = [
    _param("kind", "Soort organisatie.", many=True, enum=OrganisationKind.values),
]
