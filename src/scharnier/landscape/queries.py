"""Read queries: the white-spot matrix, the Regioscan summary, clusters and the clean-up trend.

Definition used everywhere ("available to a firm there"): an active offer counts for an area when
it reaches at least one firm in that area, i.e. its coverage key is

- national (NL), or
- a province that contains one of the area's municipalities, or
- a region that contains one of the area's municipalities, or
- one of the area's municipalities.

For the whole country that is every active offer. Only offers whose status is active today count.
Each offer counts once per cell even when it has several themes or phases (it then counts in each
of its theme x phase cells).
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from scharnier.casework.queries import no_fit_per_theme
from scharnier.catalog.models import (
    JourneyPhase,
    Offer,
    OfferArea,
    OfferStatus,
    ScopeLevel,
    Theme,
)
from scharnier.geography.models import NATIONAL_AREA_KEY, Province, Region, area_key_for_region
from scharnier.organisations.models import OrganisationKind
from scharnier.signals.queries import signals_per_theme_and_phase

from .models import (
    ALL_THEMES,
    FreedBudget,
    LandscapeSnapshot,
    OverlapAnalysis,
    OverlapCluster,
    OverlapDecision,
)

NATIONAL = "NL"


@dataclass(frozen=True)
class Area:
    """An area to analyse: the whole country, a province or a region."""

    code: str  # "NL", a province code "PVxx" or "RG:<region slug>"
    name: str
    level: str  # "nationaal", "provincie", "regio"
    municipality_codes: frozenset[str] = frozenset()
    region: Region | None = None

    @property
    def is_national(self) -> bool:
        return self.code == NATIONAL


def national_area() -> Area:
    return Area(code=NATIONAL, name=_("Heel Nederland"), level="nationaal")


def resolve_area(code: str | None) -> Area | None:
    """The area for a code; None when the code names no known area."""
    code = (code or NATIONAL).strip()
    if code == NATIONAL:
        return national_area()
    if code.startswith("PV"):
        province = Province.objects.filter(code=code).first()
        if province is None:
            return None
        codes = frozenset(province.municipalities.values_list("code", flat=True))
        return Area(code=code, name=province.name, level="provincie", municipality_codes=codes)
    if code.startswith("RG:"):
        region = Region.objects.filter(slug=code[3:]).first()
        if region is None:
            return None
        codes = frozenset(region.municipalities.values_list("code", flat=True))
        return Area(
            code=code, name=region.name, level="regio", municipality_codes=codes, region=region
        )
    return None


def area_choices() -> list[tuple[str, str]]:
    """(code, label) of every area, for select boxes."""
    choices = [(NATIONAL, _("Heel Nederland"))]
    choices += [
        (p.code, _("Provincie %(name)s") % {"name": p.name}) for p in Province.objects.all()
    ]
    choices += [
        (
            area_key_for_region(r.slug),
            r.name
            if r.name.lower().startswith("regio")
            else _("Regio %(name)s") % {"name": r.name},
        )
        for r in Region.objects.all()
    ]
    return choices


def coverage_keys(area: Area) -> set[str] | None:
    """The coverage keys whose offers reach a firm in `area`; None means every key."""
    if area.is_national:
        return None
    codes = set(area.municipality_codes)
    provinces = set(
        Province.objects.filter(municipalities__code__in=codes).values_list("code", flat=True)
    )
    regions = set(
        Region.objects.filter(municipalities__code__in=codes).values_list("slug", flat=True)
    )
    return {NATIONAL_AREA_KEY} | provinces | {area_key_for_region(s) for s in regions} | codes


def available_offers(
    area: Area,
    *,
    provider_kind: str = "",
    structural: bool | None = None,
    today: datetime.date | None = None,
) -> QuerySet[Offer]:
    """Active offers available to a firm in `area` (see the module docstring)."""
    queryset = Offer.objects.with_status(OfferStatus.ACTIVE, today or timezone.localdate())
    keys = coverage_keys(area)
    if keys is not None:
        queryset = queryset.filter(pk__in=OfferArea.objects.filter(key__in=keys).values("offer_id"))
    if provider_kind:
        queryset = queryset.filter(provider__kind=provider_kind)
    if structural is not None:
        queryset = queryset.filter(is_structural=structural)
    return queryset


@dataclass
class Matrix:
    area: Area
    themes: list[Theme]
    phases: list[JourneyPhase]
    counts: dict[tuple[str, str], int]
    by_kind: dict[str, int] = field(default_factory=dict)
    by_structural: dict[bool, int] = field(default_factory=dict)
    # Demand side: signals per (theme, phase) raised in the area (signals capability).
    demand: dict[tuple[str, str], int] = field(default_factory=dict)

    def count(self, theme: str, phase: str) -> int:
        return self.counts.get((theme, phase), 0)

    @property
    def rows(self) -> list[dict]:
        return [
            {
                "theme": theme,
                "cells": [
                    {
                        "phase": phase,
                        "count": self.count(theme.code, phase.code),
                        "signals": self.demand.get((theme.code, phase.code), 0),
                    }
                    for phase in self.phases
                ],
            }
            for theme in self.themes
        ]

    @property
    def white_spots(self) -> list[tuple[Theme, JourneyPhase]]:
        return [
            (theme, phase)
            for theme in self.themes
            for phase in self.phases
            if self.count(theme.code, phase.code) == 0
        ]


def white_spot_matrix(
    area: Area,
    *,
    provider_kind: str = "",
    structural: bool | None = None,
    today: datetime.date | None = None,
) -> Matrix:
    """Theme x journey phase counts of available offers, with breakdowns, in three queries."""
    offers = available_offers(area, provider_kind=provider_kind, structural=structural, today=today)
    counts: dict[tuple[str, str], int] = {}
    for row in (
        offers.values("themes__code", "journey_phases__code")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    ):
        if row["themes__code"] and row["journey_phases__code"]:
            counts[(row["themes__code"], row["journey_phases__code"])] = row["n"]
    by_kind = {
        row["provider__kind"]: row["n"]
        for row in offers.values("provider__kind").annotate(n=Count("pk")).order_by()
    }
    by_structural = {
        row["is_structural"]: row["n"]
        for row in offers.values("is_structural").annotate(n=Count("pk")).order_by()
    }
    return Matrix(
        area=area,
        themes=list(Theme.objects.all()),
        phases=list(JourneyPhase.objects.all()),
        counts=counts,
        by_kind=by_kind,
        by_structural=by_structural,
        demand=signals_per_theme_and_phase(
            None if area.is_national else area.municipality_codes, region=area.region
        ),
    )


def kind_label(kind: str) -> str:
    return str(OrganisationKind(kind).label) if kind in OrganisationKind.values else kind


@dataclass(frozen=True)
class RegionScan:
    """Regioscan-style key figures of an area."""

    activities: int  # every active offer available to firms in the area
    initiatives: int  # of which started in the area itself (provincial, regional, municipal)
    providers: int
    temporary: int
    impact_known: int  # offers whose effect was measured (Offer.has_impact_data)

    @property
    def share_temporary(self) -> float | None:
        return self.temporary / self.activities if self.activities else None

    @property
    def share_impact_known(self) -> float | None:
        return self.impact_known / self.activities if self.activities else None


def region_scan(area: Area, today: datetime.date | None = None) -> RegionScan:
    offers = available_offers(area, today=today)
    totals = offers.aggregate(
        activities=Count("pk", distinct=True),
        providers=Count("provider", distinct=True),
        temporary=Count("pk", distinct=True, filter=Q(is_structural=False)),
        impact_known=Count("pk", distinct=True, filter=Q(has_impact_data=True)),
    )
    return RegionScan(
        activities=totals["activities"],
        initiatives=offers.exclude(scope_level="nationaal").count(),
        providers=totals["providers"],
        temporary=totals["temporary"],
        impact_known=totals["impact_known"],
    )


def latest_analysis() -> OverlapAnalysis | None:
    return OverlapAnalysis.objects.filter(finished_at__isnull=False).order_by("-started_at").first()


def clusters(analysis: OverlapAnalysis, area: Area | None = None) -> QuerySet[OverlapCluster]:
    """Clusters of the run; with an area only those with an offer available there."""
    queryset = analysis.clusters.all()
    if area is not None and not area.is_national:
        queryset = queryset.filter(offers__in=available_offers(area).values("pk")).distinct()
    return queryset.order_by("-max_score", "pk")


UNDECIDED = "open"


def filtered_clusters(
    analysis: OverlapAnalysis,
    area: Area | None = None,
    *,
    theme: str = "",
    action: str = "",
    decision: str = "",
) -> tuple[list[OverlapCluster], dict[str, OverlapDecision]]:
    """The run's clusters in `area` with a theme, a suggested action and a decision (`UNDECIDED`
    for none yet), strongest first, with the latest decision per cluster key.

    Themes are filtered here rather than in SQL: JSON containment has no SQLite lookup, and a
    run holds at most a few thousand clusters."""
    queryset = clusters(analysis, area)
    if action:
        queryset = queryset.filter(suggested_action=action)
    found = [c for c in queryset if not theme or theme in c.theme_codes]
    decisions = decisions_by_key(c.key for c in found)
    if decision == UNDECIDED:
        found = [c for c in found if c.key not in decisions]
    elif decision:
        found = [c for c in found if c.key in decisions and decisions[c.key].decision == decision]
    return found, decisions


def decisions_by_key(keys) -> dict[str, OverlapDecision]:
    """The latest decision for each cluster key."""
    latest: dict[str, OverlapDecision] = {}
    for decision in OverlapDecision.objects.filter(cluster_key__in=list(keys)).select_related(
        "decided_by"
    ):
        latest.setdefault(decision.cluster_key, decision)
    return latest


MonthTable = tuple[list[datetime.date], dict[str, dict[datetime.date, int]]]


def snapshot_table(counted: str = "active_offers") -> MonthTable:
    """Active offers (or, with ``counted="active_schemes"``, schemes) per scope level per
    month, each offer once: (months, {level: {month: count}})."""
    return _monthly_counts("scope_level", counted, theme_code=ALL_THEMES)


def theme_snapshot_table() -> MonthTable:
    """Active offers per theme per month (all levels together; an offer under each theme)."""
    return _monthly_counts("theme_code", "active_offers", ~Q(theme_code=ALL_THEMES))


def _monthly_counts(column: str, counted: str, *conditions: Q, **filters: str) -> MonthTable:
    """`counted` per value of `column` per month, summed over the other columns."""
    table: dict[str, dict[datetime.date, int]] = defaultdict(dict)
    months: set[datetime.date] = set()
    rows = LandscapeSnapshot.objects.filter(*conditions, **filters).values("month", column)
    for row in rows.annotate(n=Sum(counted)):
        table[row[column]][row["month"]] = row["n"]
        months.add(row["month"])
    return sorted(months), dict(table)


# The provinces' wish (Inbreng Provincies, IPO): "Spreek bijvoorbeeld de ambitie uit om de
# 6.000 landelijke regelingen te halveren." Measured from Scharnier's first monthly count.
SCHEME_AMBITION_SHARE = 0.5


@dataclass(frozen=True)
class SchemeAmbition:
    """National schemes now against the first count and the aim of halving them."""

    first_month: datetime.date
    first: int
    month: datetime.date
    now: int
    target: int

    @property
    def to_go(self) -> int:
        return max(0, self.now - self.target)

    @property
    def more(self) -> int:
        """Schemes more than at the first count (0 when there are as many or fewer)."""
        return max(0, self.now - self.first)


def national_scheme_ambition() -> SchemeAmbition | None:
    """How far the national schemes are from half the first count; None before any count."""
    months, by_level = snapshot_table("active_schemes")
    if not months:
        return None
    national = by_level.get(ScopeLevel.NATIONAL, {})
    first, last = months[0], months[-1]
    first_count = national.get(first, 0)
    return SchemeAmbition(
        first_month=first,
        first=first_count,
        month=last,
        now=national.get(last, 0),
        target=math.floor(first_count * SCHEME_AMBITION_SHARE),
    )


@dataclass(frozen=True)
class CleanupRow:
    decision: OverlapDecision
    offers: list[Offer]
    retired: list[Offer]


def cleanup_after_decisions(today: datetime.date | None = None) -> list[CleanupRow]:
    """Each decision with the offers it covered and which of them have since been retired."""
    today = today or timezone.localdate()
    decisions = list(OverlapDecision.objects.select_related("decided_by"))
    ids = {pk for d in decisions for pk in d.offer_ids}
    offers = {o.pk: o for o in Offer.objects.filter(pk__in=ids).select_related("provider")}
    rows = []
    for decision in decisions:
        members = [offers[pk] for pk in decision.offer_ids if pk in offers]
        retired = [o for o in members if o.status_on(today) != OfferStatus.ACTIVE]
        rows.append(CleanupRow(decision=decision, offers=members, retired=retired))
    return rows


@dataclass(frozen=True)
class FreedBudgetLedger:
    """The money clean-up decisions freed: per year and receiving region, per decision, and the
    register's budget of the offers that stopped after a decision (a reference, not a saving:
    part of it may have been spent)."""

    entries: list[FreedBudget]
    years: list[int]
    by_region: dict[str, dict[int, Decimal]]  # region name ("" = not yet allocated) -> year
    per_decision: dict[int, Decimal]
    retired_budget: Decimal

    @property
    def total(self) -> Decimal:
        return sum((e.amount_eur for e in self.entries), Decimal(0))

    @property
    def allocated(self) -> Decimal:
        return sum((e.amount_eur for e in self.entries if e.region_id), Decimal(0))


def freed_budget_ledger(rows: list[CleanupRow]) -> FreedBudgetLedger:
    entries = list(FreedBudget.objects.select_related("region", "decision"))
    by_region: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    per_decision: dict[int, Decimal] = defaultdict(Decimal)
    for entry in entries:
        by_region[entry.region.name if entry.region else ""][entry.year] += entry.amount_eur
        per_decision[entry.decision_id] += entry.amount_eur
    retired = {o.pk: o.budget_eur for row in rows for o in row.retired if o.budget_eur}
    return FreedBudgetLedger(
        entries=entries,
        years=sorted({e.year for e in entries}),
        by_region={k: dict(v) for k, v in by_region.items()},
        per_decision=dict(per_decision),
        retired_budget=sum(retired.values(), Decimal(0)),
    )


def freed_budget_for_region(region: Region) -> Decimal:
    """What clean-up decisions freed for this region's demand activation, all years."""
    total = FreedBudget.objects.filter(region=region).aggregate(total=Sum("amount_eur"))["total"]
    return total or Decimal(0)


@dataclass(frozen=True)
class NoFitRow:
    """Casework's white-spot signal for one theme: questions closed as "geen passend aanbod"."""

    theme: Theme
    no_fit: int
    closed: int


def questions_without_fit(area: Area, themes: Iterable[Theme] | None = None) -> list[NoFitRow]:
    """Per theme, the area's closed questions and those without a fitting offer; the themes
    with the most such questions first. `themes`: the vocabulary when the caller has it."""
    counts = no_fit_per_theme(None if area.is_national else area.municipality_codes)
    themes = {t.code: t for t in (Theme.objects.all() if themes is None else themes)}
    rows = [NoFitRow(themes[code], *counts[code]) for code in counts if code in themes]
    rows.sort(key=lambda r: (-r.no_fit, -r.closed, r.theme.label))
    return rows
