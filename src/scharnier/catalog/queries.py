"""Read queries on the catalog, shared by pages, API and exports."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from scharnier.geography.models import Municipality, Region, area_key_for_region
from scharnier.geography.queries import area_keys_for_municipality

from .models import Offer, OfferArea, OfferStatus, status_condition


def offers_available_in(municipality: Municipality) -> QuerySet[Offer]:
    """Offers that reach a firm in `municipality`: national, its province, its regions, itself.

    One query on the indexed coverage table (the area keys are looked up first).
    """
    keys = area_keys_for_municipality(municipality)
    return Offer.objects.filter(pk__in=OfferArea.objects.filter(key__in=keys).values("offer_id"))


def offers_available_in_region(region: Region) -> QuerySet[Offer]:
    """Offers that reach a firm anywhere in the region (national + provinces + region + munis)."""
    municipalities = list(region.municipalities.select_related("province"))
    keys = {"NL", area_key_for_region(region.slug)}
    keys |= {m.province.code for m in municipalities}
    keys |= {m.code for m in municipalities}
    return Offer.objects.filter(pk__in=OfferArea.objects.filter(key__in=keys).values("offer_id"))


@dataclass
class OfferFilters:
    """Catalog search parameters; empty means no filter. Codes refer to the vocabularies."""

    text: str = ""
    themes: list[str] = field(default_factory=list)
    journey_phases: list[str] = field(default_factory=list)
    offer_types: list[str] = field(default_factory=list)
    municipality: Municipality | None = None
    size_class: str = ""
    sbi_section: str = ""
    statuses: list[str] = field(default_factory=lambda: [OfferStatus.ACTIVE])
    provider_slug: str = ""
    region: Region | None = None
    scope_levels: list[str] = field(default_factory=list)
    today: datetime.date | None = None


def with_related(queryset: QuerySet[Offer]) -> QuerySet[Offer]:
    return queryset.select_related("provider", "offer_type").prefetch_related(
        "themes", "journey_phases", Prefetch("provinces"), "regions", "municipalities"
    )


def search_offers(filters: OfferFilters) -> QuerySet[Offer]:
    today = filters.today or timezone.localdate()
    if filters.municipality is not None:
        queryset = offers_available_in(filters.municipality)
    elif filters.region is not None:
        queryset = offers_available_in_region(filters.region)
    else:
        queryset = Offer.objects.all()
    if filters.statuses:
        condition = Q()
        for status in filters.statuses:
            condition |= status_condition(status, today)
        queryset = queryset.filter(condition)
    for word in filters.text.split()[:10]:
        queryset = queryset.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(description__icontains=word)
            | Q(provider__name__icontains=word)
        )
    # Many-to-many filters as EXISTS subqueries: no join fan-out, so no DISTINCT over every
    # column (which made PostgreSQL sort the whole candidate set).
    if filters.themes:
        queryset = queryset.filter(_has_term("themes", "theme", filters.themes))
    if filters.journey_phases:
        queryset = queryset.filter(
            _has_term("journey_phases", "journeyphase", filters.journey_phases)
        )
    if filters.offer_types:
        queryset = queryset.filter(offer_type__code__in=filters.offer_types)
    if filters.scope_levels:
        queryset = queryset.filter(scope_level__in=filters.scope_levels)
    # An offer without size classes or sectors is open to every size or sector.
    if filters.size_class:
        queryset = queryset.filter(
            _has_term("size_classes", "sizeclass", [filters.size_class])
            | ~_has_term("size_classes")
        )
    if filters.sbi_section:
        queryset = queryset.filter(
            _has_term("sbi_sections", "sbisection", [filters.sbi_section])
            | ~_has_term("sbi_sections")
        )
    if filters.provider_slug:
        queryset = queryset.filter(provider__slug=filters.provider_slug)
    return queryset.order_by("title", "pk")


def _has_term(relation: str, term: str | None = None, codes: list[str] | None = None) -> Exists:
    """EXISTS a row in the offer's `relation` through table (with one of `codes`, if given)."""
    rows = getattr(Offer, relation).through.objects.filter(offer_id=OuterRef("pk"))
    if codes is not None:
        rows = rows.filter(**{f"{term}__code__in": codes})
    return Exists(rows)
