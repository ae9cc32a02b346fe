"""Read queries of matching: the hard eligibility filter and lookups for pages and API."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from scharnier.catalog.models import (
    Offer,
    OfferStatus,
    SbiSection,
    SizeClass,
    Theme,
    status_condition,
)
from scharnier.catalog.queries import offers_available_in
from scharnier.catalog.regional_notes import notes_in_regions
from scharnier.communities.models import Community, Meeting
from scharnier.communities.queries import communities_to_join, upcoming_public_meetings
from scharnier.core.reference_cache import reference_list, reference_value, versioned_objects
from scharnier.geography.models import Municipality, Region
from scharnier.learning.models import Story
from scharnier.learning.queries import stories_like
from scharnier.monitoring import suppression

from . import scan
from .models import Plan


@dataclass(frozen=True)
class Profile:
    """What the entrepreneur tells about the firm. None means "not told": not filtered on
    (the offer's rule then gets the verdict "controleer dit")."""

    municipality: Municipality | None
    employees: int | None = None
    sbi_section: str = ""  # SbiSection code
    company_age_years: int | None = None


def size_class_of(employees: int) -> SizeClass | None:
    """The size class (EU 2003/361 by staff count) that `employees` falls in."""
    terms = reference_list("size-classes", lambda: SizeClass.objects.order_by("min_employees"))
    for term in terms:
        if employees >= term.min_employees and (
            term.max_employees is None or employees <= term.max_employees
        ):
            return term
    return None


def size_class_code(employees: int) -> str:
    term = size_class_of(employees)
    return term.code if term else ""


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
        size = size_class_of(profile.employees)
        has_sizes = Exists(through_size.objects.filter(offer_id=OuterRef("pk")))
        fits_size = Exists(
            through_size.objects.filter(offer_id=OuterRef("pk"), sizeclass_id=size and size.pk)
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
    return reference_list(
        f"regions-of:{municipality.pk}",
        lambda: Region.objects.filter(municipalities=municipality).order_by("name"),
    )


def add_regional_notes(matches: Iterable, municipality: Municipality | None) -> None:
    """Beside each matched offer, what the entrepreneur's region added to it (who helps here,
    an example, a meeting). Pages only; the ranking never reads it."""
    shown = [m for m in matches if m is not None]
    if municipality is None or not shown:
        return
    notes = notes_in_regions([m.offer.pk for m in shown], regions_of(municipality))
    for m in shown:
        m.regional_note = notes.get(m.offer.pk)


# What matching shows of an offer; kept per process at the offer's `updated_at` (see
# core.reference_cache), so a shown offer costs no query until it changes.
SHOWN_OFFER_RELATIONS = ("themes", "regions", "provinces", "municipalities", "size_classes",
                         "sbi_sections")  # fmt: skip


def offers_to_show(versions: dict[int, datetime.datetime]) -> dict[int, Offer]:
    """The offers with these ids (id -> `updated_at`), with what matching shows of them."""

    def load(ids: list[int]) -> dict[int, Offer]:
        return (
            Offer.objects.select_related("provider", "offer_type")
            .prefetch_related(*SHOWN_OFFER_RELATIONS)
            .in_bulk(ids)
        )

    return versioned_objects("shown-offers", versions, load)


MEETINGS_SHOWN = 3


def meetings_to_meet(result) -> tuple[list[Meeting], Region | None]:
    """'Ontmoeten': public meetings in the asker's region, on the question's themes if any.

    Shown on the /vraag/ page and returned by the matches API (one selection for both); none
    for a question about something private (a meeting about succession for "mijn zoon ..." is
    noise).
    """
    if result.private_question:
        return [], None
    return meetings_near(result.profile.municipality, result.themes)


def communities_for(result) -> list[Community]:
    """'Ontmoeten': the communities of the asker's region that fit the question and the firm;
    none for a question about something private. Page and API alike."""
    if result.private_question or not result.profile.municipality:
        return []
    regions = regions_of(result.profile.municipality)
    if not regions:
        return []
    return communities_to_join(
        region=regions[0],
        themes=result.themes,
        sbi_section=result.profile.sbi_section or "",
        municipality=result.profile.municipality,
    )


def stories_to_read(result) -> list[Story]:
    """'How others went about it': published stories on the question's themes, the asker's
    region first; none for a question about something private. Page and API alike."""
    if result.private_question:
        return []
    regions = regions_of(result.profile.municipality) if result.profile.municipality else []
    return stories_like(
        themes=result.themes,
        region=regions[0] if regions else None,
        sbi_section=result.profile.sbi_section or "",
    )


def meetings_near(
    municipality: Municipality | None, themes: Iterable[Theme]
) -> tuple[list[Meeting], Region | None]:
    """Public meetings in the municipality's region, on `themes` if any are planned, else the
    region's next ones; with the region (None outside the regions)."""
    regions = regions_of(municipality) if municipality else []
    if not regions:
        return [], None
    region = regions[0]
    themes = list(themes)

    def load() -> list[Meeting]:
        found = list(upcoming_public_meetings(region=region, themes=themes)[:MEETINGS_SHOWN])
        if not found and themes:
            found = list(upcoming_public_meetings(region=region)[:MEETINGS_SHOWN])
        return found

    # Public events change seldom and are the same for every asker in the region: kept for the
    # page-cache time, like the calendar page.
    codes = ",".join(sorted(t.code for t in themes))
    key = f"meetings-to-meet:{timezone.localdate()}:{region.pk}:{codes}"
    return reference_list(key, load), region


def municipality_by_code(code: str) -> Municipality | None:
    by_code = reference_value(
        "municipalities-by-code",
        lambda: {m.code: m for m in Municipality.objects.select_related("province")},
    )
    return by_code.get(code)


def municipalities_for_choice() -> QuerySet[Municipality]:
    return Municipality.objects.order_by("name").only("code", "name")


def plans_per_campaign(codes: Iterable[str]) -> dict[str, int]:
    """How many toekomstscan plans were made through each outreach campaign's link."""
    return dict(
        Plan.objects.filter(campaign_code__in=list(codes))
        .values_list("campaign_code")
        .annotate(n=Count("pk"))
        .values_list("campaign_code", "n")
    )


# --- Comparison with similar firms ------------------------------------------------------------

# Fewer similar firms than this say more about chance than about peers: no comparison then.
MIN_PEERS = 20
# The most recent plans of the group are enough for a share, and keep the page fast.
MAX_PEERS_READ = 2000
IMPORTANT = 2  # "Belangrijk" on the scan's scale; 3 is "Urgent"


@dataclass(frozen=True)
class PeerTheme:
    theme: Theme
    own_answer: str  # the firm's own answer in the scale's words
    important_share: float | None  # % of peers for whom it is important or urgent (suppressed)


@dataclass(frozen=True)
class PeerComparison:
    """The plan's answers beside those of similar firms (same size class, and sector when
    enough of them did the scan), as shares with small counts withheld."""

    peers: int
    size_class: SizeClass | None
    sector: str  # the sector's everyday name when the group is narrowed to it, else ""
    themes: list[PeerTheme]
    same_direction_share: float | None

    @property
    def size_words(self) -> str:
        """The size class in a sentence: "met minder dan 10 medewerkers"."""
        size = self.size_class
        if size is None:
            return ""
        if size.max_employees is None:
            return _("met %(min)d medewerkers of meer") % {"min": size.min_employees}
        if not size.min_employees:
            return _("met minder dan %(max)d medewerkers") % {"max": size.max_employees + 1}
        return _("met %(min)d tot %(max)d medewerkers") % {
            "min": size.min_employees,
            "max": size.max_employees + 1,
        }


def _peer_groups(plan: Plan) -> list[tuple[Q, SizeClass | None, str]]:
    size = size_class_of(plan.employees)
    size_q = Q()
    if size is not None:
        size_q = Q(employees__gte=size.min_employees)
        if size.max_employees is not None:
            size_q &= Q(employees__lte=size.max_employees)
    groups = []
    if plan.sbi_section:
        section = SbiSection.objects.filter(code=plan.sbi_section).first()
        if section is not None:
            groups.append((size_q & Q(sbi_section=plan.sbi_section), size, section.name))
    groups.append((size_q, size, ""))
    return groups


def peer_comparison(plan: Plan) -> PeerComparison | None:
    """None when fewer than MIN_PEERS similar firms made a plan (the plan itself not counted)."""
    others = Plan.objects.exclude(pk=plan.pk)
    found = next(
        (
            (others.filter(condition), count, size, sector)
            for condition, size, sector in _peer_groups(plan)
            if (count := others.filter(condition).count()) >= MIN_PEERS
        ),
        None,
    )
    if found is None:
        return None
    peers, count, size, sector = found
    rows = list(peers.order_by("-created_at").values_list("answers", "direction")[:MAX_PEERS_READ])
    total = len(rows)
    scale = {s["value"]: s["text"] for s in scan.framework()["scale"]}
    theme_by_code = {t.code: t for t in Theme.objects.all()}
    themes = []
    for question in scan.framework()["theme_questions"]:
        code, theme = question["code"], theme_by_code.get(question["theme"])
        if theme is None:
            continue
        important = sum(1 for answers, _d in rows if int(answers.get(code, 0)) >= IMPORTANT)
        own = int(plan.answers.get(code, 0))
        themes.append(PeerTheme(theme, scale.get(own, ""), suppression.share(important, total)))
    same = sum(1 for _a, direction in rows if direction == plan.direction)
    return PeerComparison(
        peers=count,
        size_class=size,
        sector=sector,
        themes=themes,
        same_direction_share=suppression.share(same, total),
    )
