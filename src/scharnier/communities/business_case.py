"""The business case of communities (REQUIREMENTS D8): what each community cost in a year,
who paid, and what it brought: meetings, participations, entrepreneurs new to it and the
signals raised there; the cost per participation and per new entrepreneur beside the median
of the other regions. The Actieagenda tests communities in the focus regions "inclusief het
uitwerken van een businesscase"; this is the regional half of that evidence.

Services (write the costs) and read queries. Pages in communities.views.
"""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from scharnier.core.validation import text_problem
from scharnier.geography.models import Region
from scharnier.organisations.permissions import Action, require_permission

from .models import STATUS_STOPPED, Community, CommunityCost, Meeting

MAX_COST_EUR = Decimal("10000000")
MAX_HOURS = 100_000
FIRST_YEAR = 2020


def year_problem(year: int) -> str | None:
    last = timezone.localdate().year + 1
    if not FIRST_YEAR <= year <= last:
        return _("Kies een jaar van %(first)s tot en met %(last)s.") % {
            "first": FIRST_YEAR,
            "last": last,
        }
    return None


def record_community_cost(
    *,
    actor,
    community: Community,
    year: int,
    cost_eur: Decimal | None,
    hours: int | None = None,
    funders: str = "",
) -> CommunityCost | None:
    """Store the year's costs of the community; no amount removes them."""
    require_permission(actor, Action.MANAGE_COMMUNITIES, community)
    errors: dict[str, str] = {}
    if problem := year_problem(year):
        errors["year"] = problem
    if cost_eur is None:
        if hours is not None or funders.strip():
            errors["cost_eur"] = _("Vul de kosten in, ook als u alleen uren of betalers weet.")
    elif cost_eur < 0 or cost_eur > MAX_COST_EUR:
        errors["cost_eur"] = _("Vul een bedrag in van 0 tot 10.000.000 euro.")
    elif cost_eur != cost_eur.quantize(Decimal("0.01")):
        errors["cost_eur"] = _("Gebruik hoogstens twee cijfers achter de komma.")
    if hours is not None and not 0 <= hours <= MAX_HOURS:
        errors["hours"] = _("Vul een aantal uren in van 0 tot 100.000.")
    funders = " ".join(funders.split())
    if len(funders) > 300:
        errors["funders"] = _("Schrijf de betalers in hoogstens 300 tekens.")
    elif funders and (problem := text_problem(funders, multiline=False)):
        errors["funders"] = problem
    if errors:
        raise ValidationError(errors)
    if cost_eur is None:
        CommunityCost.objects.filter(community=community, year=year).delete()
        return None
    cost, _created = CommunityCost.objects.update_or_create(
        community=community,
        year=year,
        defaults={
            "cost_eur": cost_eur,
            "hours": hours,
            "funders": funders,
            "recorded_by": actor if getattr(actor, "pk", None) else None,
            "recorded_at": timezone.now(),
        },
    )
    return cost


# --- Read queries ------------------------------------------------------------------------------
@dataclass
class CommunityCase:
    community: Community
    cost: CommunityCost | None
    meetings: int
    participations: int
    new_participants: int
    signals: int

    @property
    def cost_per_participation(self) -> Decimal | None:
        return _per(self.cost.cost_eur if self.cost else None, self.participations)

    @property
    def cost_per_new(self) -> Decimal | None:
        return _per(self.cost.cost_eur if self.cost else None, self.new_participants)


def _per(cost: Decimal | None, count: int) -> Decimal | None:
    if cost is None or not count:
        return None
    return (cost / count).quantize(Decimal("1"))


@dataclass
class BusinessCase:
    region: Region
    year: int
    rows: list[CommunityCase] = field(default_factory=list)
    other_regions: int = 0  # regions with costs and new participants that year
    other_median_per_new: Decimal | None = None

    @property
    def costed(self) -> list[CommunityCase]:
        return [row for row in self.rows if row.cost is not None]

    @property
    def total_cost(self) -> Decimal | None:
        costed = self.costed
        return sum((row.cost.cost_eur for row in costed), Decimal(0)) if costed else None

    @property
    def total_hours(self) -> int:
        return sum(row.cost.hours or 0 for row in self.costed)

    @property
    def participations(self) -> int:
        return sum(row.participations for row in self.rows)

    @property
    def new_participants(self) -> int:
        return sum(row.new_participants for row in self.rows)

    @property
    def costed_participations(self) -> int:
        return sum(row.participations for row in self.costed)

    @property
    def costed_new(self) -> int:
        return sum(row.new_participants for row in self.costed)

    @property
    def cost_per_participation(self) -> Decimal | None:
        return _per(self.total_cost, self.costed_participations)

    @property
    def cost_per_new(self) -> Decimal | None:
        """Over the communities with costs only: one without costs would make it look cheap."""
        return _per(self.total_cost, self.costed_new)

    @property
    def missing_costs(self) -> list[Community]:
        return [row.community for row in self.rows if row.cost is None and row.meetings]


def _year_meetings(year: int) -> Q:
    first = datetime.date(year, 1, 1)
    last = min(datetime.date(year, 12, 31), timezone.localdate())
    return Q(date__gte=first, date__lte=last, is_cancelled=False)


def business_case(region: Region, year: int) -> BusinessCase:
    """Every community of the region that ran in the year or has costs for it."""
    meetings = (
        Meeting.objects.filter(_year_meetings(year), community__region=region)
        .values("community")
        .annotate(
            meetings=Count("pk", distinct=True),
            participations=Sum("participants_count"),
            new=Sum("new_participants_count"),
        )
    )
    figures = {m["community"]: m for m in meetings}
    signals = dict(
        Meeting.objects.filter(_year_meetings(year), community__region=region)
        .values("community")
        .annotate(count=Count("signals"))
        .values_list("community", "count")
    )
    costs = {
        c.community_id: c for c in CommunityCost.objects.filter(community__region=region, year=year)
    }
    case = BusinessCase(region, year)
    for community in Community.objects.filter(region=region).select_related("organiser"):
        found = figures.get(community.pk, {})
        if not found and community.pk not in costs and community.status == STATUS_STOPPED:
            continue
        case.rows.append(
            CommunityCase(
                community=community,
                cost=costs.get(community.pk),
                meetings=found.get("meetings", 0),
                participations=found.get("participations") or 0,
                new_participants=found.get("new") or 0,
                signals=signals.get(community.pk, 0),
            )
        )
    case.rows.sort(key=lambda row: (row.cost is None, -row.participations, row.community.name))
    per_region = _cost_per_new_by_region(year)
    others = [value for pk, value in per_region.items() if pk != region.pk]
    case.other_regions = len(others)
    if others:
        case.other_median_per_new = Decimal(statistics.median(others)).quantize(Decimal("1"))
    return case


def _cost_per_new_by_region(year: int) -> dict[int, Decimal]:
    """Per region with costs that year: its costs over the new participants of the same
    communities."""
    costs: dict[int, Decimal] = {}
    new: dict[int, int] = {}
    for cost in CommunityCost.objects.filter(year=year).select_related("community"):
        region_id = cost.community.region_id
        costs[region_id] = costs.get(region_id, Decimal(0)) + cost.cost_eur
    costed = CommunityCost.objects.filter(year=year).values("community")
    for row in (
        Meeting.objects.filter(_year_meetings(year), community__in=costed)
        .values("community__region")
        .annotate(new=Sum("new_participants_count"))
    ):
        new[row["community__region"]] = row["new"] or 0
    return {pk: costs[pk] / new[pk] for pk in costs if new.get(pk)}


def years_to_show(region: Region) -> list[int]:
    """This year, the last two, and any other year with costs (newest first)."""
    this_year = timezone.localdate().year
    years = {this_year, this_year - 1, this_year - 2}
    years |= set(
        CommunityCost.objects.filter(community__region=region).values_list("year", flat=True)
    )
    return sorted(years, reverse=True)
