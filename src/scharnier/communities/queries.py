"""Read queries of the communities app: community map with gaps, public calendar."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from scharnier.catalog.models import SbiSection, Theme
from scharnier.geography.models import Municipality, Region
from scharnier.monitoring.queries import (
    broad_sme_firms_by_municipality,
    broad_sme_firms_by_sbi_row,
)
from scharnier.organisations.models import Organisation, OrganisationKind
from scharnier.organisations.permissions import edited_organisations, staffed_regions

from .models import STATUS_STOPPED, Community, Meeting


def communities(*, region_slug: str = "") -> QuerySet[Community]:
    """Every region's community map as rows (the API's list), optionally of one region."""
    rows = (
        Community.objects.select_related("region", "organiser")
        .prefetch_related("themes", "sbi_sections", "municipalities")
        .order_by("region__name", "name")
    )
    return rows.filter(region__slug=region_slug) if region_slug else rows


def communities_to_join(
    *,
    region: Region,
    themes: Iterable[Theme],
    sbi_section: str = "",
    municipality: Municipality | None = None,
    limit: int = 3,
) -> list[Community]:
    """The region's communities an entrepreneur could join, the best fit first, each with
    `join_contact` (`community_contact`).

    `themes` in the order that matters to the entrepreneur (a plan's first question first). A
    community for other sectors or other municipalities is left out (a sector group or a
    business park that is not theirs); one that names none is open to all. Of the rest, those
    about one of `themes`, for the entrepreneur's sector, or about nothing in particular (an
    entrepreneurs' association) fit; ranked by the first of `themes` they are about, then own
    sector, then own place, then reach.
    """
    rank_of = {t.pk: rank for rank, t in enumerate(themes)}
    fitting = []
    candidates = (
        Community.objects.filter(region=region)
        .exclude(status=STATUS_STOPPED)
        .select_related("organiser")
        .prefetch_related("themes", "sbi_sections", "municipalities")
    )
    for community in candidates:
        sectors = {s.code for s in community.sbi_sections.all()}
        places = {m.pk for m in community.municipalities.all()}
        if sectors and sbi_section and sbi_section not in sectors:
            continue
        if places and municipality is not None and municipality.pk not in places:
            continue
        community_themes = {t.pk for t in community.themes.all()}
        shared = [rank_of[pk] for pk in community_themes if pk in rank_of]
        own_sector = bool(sbi_section) and sbi_section in sectors
        if not (shared or own_sector or not community_themes):
            continue
        own_place = municipality is not None and municipality.pk in places
        first = min(shared, default=len(rank_of))
        fitting.append(((first, not own_sector, not own_place, -community.reach), community))
    fitting.sort(key=lambda row: (row[0], row[1].name))
    chosen = [community for _rank, community in fitting[:limit]]
    for community in chosen:
        community.join_contact = community_contact(community)
    return chosen


@dataclass(frozen=True)
class MeetingContact:
    """Who an entrepreneur asks to take part in a public meeting: the organiser, else the
    region's hub. Organisation contact data only, never a participant's."""

    organisation: Organisation | None
    name: str
    website: str
    email: str
    phone: str
    is_hub: bool = False


def meeting_contact(meeting: Meeting) -> MeetingContact | None:
    return community_contact(meeting.community)


def community_contact(community: Community) -> MeetingContact | None:
    """Whom to ask to join: the organiser when it can be reached, else the community's own
    website, else the region's hub; None when the region has none of these."""
    organiser = community.organiser
    if organiser is not None and (
        community.website or organiser.website or organiser.email or organiser.phone
    ):
        return MeetingContact(
            organiser,
            organiser.name,
            community.website or organiser.website,
            organiser.email,
            organiser.phone,
        )
    if community.website:
        return MeetingContact(None, community.name, community.website, "", "")
    hub = (
        Organisation.objects.filter(
            kind=OrganisationKind.HUB, regional_roles__region=community.region_id
        )
        .order_by("name")
        .first()
    )
    if hub is None:
        return None
    return MeetingContact(hub, hub.name, hub.website, hub.email, hub.phone, is_hub=True)


def public_meetings(*, region_slug: str = "", since: date | None = None) -> QuerySet[Meeting]:
    """Public events in date order, optionally of one region and from a day on."""
    meetings = (
        Meeting.objects.filter(is_public=True)
        .select_related("community__region", "municipality")
        .prefetch_related("themes")
        .order_by("date", "start_time", "pk")
    )
    if region_slug:
        meetings = meetings.filter(community__region__slug=region_slug)
    return meetings.filter(date__gte=since) if since else meetings


def upcoming_public_meetings(
    *,
    region: Region | None = None,
    themes: Iterable[Theme] = (),
    since: date | None = None,
    with_cancelled: bool = False,
) -> QuerySet[Meeting]:
    """Public events from today on (calendar and iCalendar feed `with_cancelled`, marked so;
    matching's 'ontmoeten' without them)."""
    meetings = public_meetings(since=since or timezone.localdate())
    if not with_cancelled:
        meetings = meetings.filter(is_cancelled=False)
    if region is not None:
        meetings = meetings.filter(community__region=region)
    theme_ids = [t.pk for t in themes]
    if theme_ids:
        meetings = meetings.filter(
            pk__in=Meeting.themes.through.objects.filter(theme_id__in=theme_ids).values(
                "meeting_id"
            )
        )
    return meetings


@dataclass
class SectorGap:
    """SBI sections without a community and the region's broad-SME firms in them."""

    label: str
    sections: list[SbiSection]
    firms: int

    @property
    def name(self) -> str:
        """The sector(s) in words for a sentence ("landbouw, bosbouw en visserij"), no letters."""
        names = [_plain_sector_name(s) for s in self.sections]
        if len(names) == 1:
            return names[0]
        return _("%(first)s en %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


@dataclass
class CommunityMap:
    region: Region
    communities: list[Community]
    # Ordered by the firms they leave out (each municipality carries `.firms`).
    municipalities_without: list[Municipality]
    sectors_without: list[SectorGap]
    themes_without: list[Theme]
    total_reach: int
    participants_last_year: int


def community_map(region: Region) -> CommunityMap:
    """The region's communities and its gaps: municipalities, sectors and themes not covered.

    A municipality counts as covered by a community tied to it, and sectors/themes by an active
    community that names them. Municipality and sector gaps are weighted by the region's task
    (monitoring: estimated broad-SME firms) and listed largest first.
    """
    communities = list(
        Community.objects.filter(region=region)
        .select_related("organiser")
        .prefetch_related("themes", "sbi_sections", "municipalities")
        .annotate(meeting_count=Count("meetings"))
        .order_by("name")
    )
    active = [c for c in communities if c.status != "gestopt"]
    covered_municipalities = {m.pk for c in active for m in c.municipalities.all()}
    covered_sectors = {s.pk for c in active for s in c.sbi_sections.all()}
    covered_themes = {t.pk for c in active for t in c.themes.all()}
    municipalities = list(region.municipalities.order_by("name"))
    year_ago = timezone.localdate().replace(year=timezone.localdate().year - 1)
    participants = Meeting.objects.filter(
        Q(community__region=region) & Q(date__gte=year_ago) & Q(date__lte=timezone.localdate())
    ).aggregate(total=Sum("participants_count"))["total"]
    without = [m for m in municipalities if m.pk not in covered_municipalities]
    firms = broad_sme_firms_by_municipality([m.code for m in without])
    for municipality in without:
        municipality.firms = firms.get(municipality.code, 0)
    without.sort(key=lambda m: (-m.firms, m.name))
    return CommunityMap(
        region=region,
        communities=communities,
        municipalities_without=without,
        sectors_without=_sector_gaps(
            [m.code for m in municipalities], covered_sectors=covered_sectors
        ),
        themes_without=[t for t in Theme.objects.all() if t.pk not in covered_themes],
        total_reach=sum(c.reach for c in active),
        participants_last_year=participants or 0,
    )


def _plain_sector_name(section: SbiSection) -> str:
    # In a sentence: without the section letter and with a small first letter, except in an
    # abbreviation ("ICT, media en communicatie").
    name = section.name
    return name if name[:2].isupper() else name[:1].lower() + name[1:]


def sector_rows() -> dict[str, list[SbiSection]]:
    """The SBI sections an entrepreneur can choose, grouped by the row of the CBS table."""
    rows: dict[str, list[SbiSection]] = {}
    # Households as employers and extraterritorial bodies (T, U) are no firms: not named.
    for section in SbiSection.objects.filter(for_entrepreneurs=True).order_by("position"):
        rows.setdefault(sbi_row(section.code), []).append(section)
    return rows


def sbi_row(section_code: str) -> str:
    """The row of the task's size-class table that an SBI section falls in."""
    code = section_code.upper()
    if code in "OPQ":
        return "O-Q"
    if code in "RSTU":
        return "R-U"
    return code


def _sector_gaps(municipality_codes: list[str], *, covered_sectors: set[int]) -> list[SectorGap]:
    firms = broad_sme_firms_by_sbi_row(municipality_codes)
    rows = sector_rows()
    gaps = [
        SectorGap(
            label=", ".join(s.label for s in sections),
            sections=sections,
            firms=firms.get(row, 0),
        )
        for row, sections in rows.items()
        # A row with one covered section (e.g. a community for horeca in O-Q) is covered.
        if not any(s.pk in covered_sectors for s in sections)
    ]
    gaps.sort(key=lambda gap: -gap.firms)
    return gaps


def keeps_a_community_map(user) -> bool:
    """Regional staff keep their region's community map (menu entry "Communities")."""
    return bool(staffed_regions(user))


def organises_communities(user) -> bool:
    """An editor of an organisation that organises a community logs its meetings.

    Regional staff log meetings from their community map; the menu entry is for organisers,
    who have no map of their own.
    """
    organisations = edited_organisations(user)
    return bool(organisations) and Community.objects.filter(organiser_id__in=organisations).exists()
