"""Read queries of matching: the hard eligibility filter and lookups for pages and API."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from scharnier.catalog.models import Offer, OfferStatus, SizeClass, status_condition
from scharnier.catalog.queries import offers_available_in
from scharnier.communities.models import Meeting
from scharnier.communities.queries import upcoming_public_meetings
from scharnier.geography.models import Municipality, Region


@dataclass(frozen=True)
class Profile:
    """What the entrepreneur tells about the firm. None means "not told": not filtered on
    (the offer's rule then gets the verdict "controleer dit")."""

    municipality: Municipality | None
    employees: int | None = None
    sbi_section: str = ""  # SbiSection code
    company_age_years: int | None = None


def size_class_code(employees: int) -> str:
    """The size class (EU 2003/361 by staff count) that `employees` falls in."""
    for term in SizeClass.objects.order_by("min_employees"):
        if employees >= term.min_employees and (
            term.max_employees is None or employees <= term.max_employees
        ):
            return term.code
    return ""


def eligible_offers(profile: Profile, today: datetime.date | None = None) -> QuerySet[Offer]:
    """Offers the firm can use on `today`: the hard filter that runs before any ranking.

    Coverage of the municipality, status active on the date, size class and employee bounds,
    SBI sector and minimum company age. Empty target lists on an offer mean "everyone".
    """
    today = today or timezone.localdate()
    offers = (
        offers_available_in(profile.municipality)
        if profile.municipality is not None
        else Offer.objects.filter(is_archived=False)
    )
    queryset = offers.filter(status_condition(OfferStatus.ACTIVE, today))
    through_size = Offer.size_classes.through
    through_sbi = Offer.sbi_sections.through
    if profile.employees is not None:
        size_id = SizeClass.objects.filter(code=size_class_code(profile.employees)).values("pk")
        has_sizes = Exists(through_size.objects.filter(offer_id=OuterRef("pk")))
        fits_size = Exists(
            through_size.objects.filter(offer_id=OuterRef("pk"), sizeclass_id__in=size_id)
        )
        queryset = queryset.filter(~has_sizes | fits_size)
        queryset = queryset.filter(
            Q(min_employees__isnull=True) | Q(min_employees__lte=profile.employees),
            Q(max_employees__isnull=True) | Q(max_employees__gte=profile.employees),
        )
    if profile.sbi_section:
        has_sbi = Exists(through_sbi.objects.filter(offer_id=OuterRef("pk")))
        fits_sbi = Exists(
            through_sbi.objects.filter(
                offer_id=OuterRef("pk"), sbisection__code=profile.sbi_section
            )
        )
        queryset = queryset.filter(~has_sbi | fits_sbi)
    if profile.company_age_years is not None:
        queryset = queryset.filter(
            Q(min_company_age_years__isnull=True)
            | Q(min_company_age_years__lte=profile.company_age_years)
        )
    return queryset


def eligible_offer_ids(profile: Profile, today: datetime.date | None = None) -> list[int]:
    return list(eligible_offers(profile, today).order_by().values_list("pk", flat=True))


def regions_of(municipality: Municipality) -> list[Region]:
    return list(Region.objects.filter(municipalities=municipality).order_by("name"))


MEETINGS_SHOWN = 3


def meetings_to_meet(result) -> tuple[list[Meeting], Region | None]:
    """'Ontmoeten': public meetings in the asker's region, on the question's themes if any.

    Shown on the /vraag/ page and returned by the matches API (one selection for both).
    """
    municipality = result.profile.municipality
    regions = regions_of(municipality) if municipality else []
    if not regions:
        return [], None
    region = regions[0]
    meetings = list(upcoming_public_meetings(region=region, themes=result.themes)[:MEETINGS_SHOWN])
    if not meetings and result.themes:
        meetings = list(upcoming_public_meetings(region=region)[:MEETINGS_SHOWN])
    return meetings, region


def municipality_by_code(code: str) -> Municipality | None:
    return Municipality.objects.select_related("province").filter(code=code).first()


def municipalities_for_choice() -> QuerySet[Municipality]:
    return Municipality.objects.order_by("name").only("code", "name")
