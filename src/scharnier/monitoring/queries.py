"""Every figure monitoring publishes, computed in one place from the rollups.

Pages, CSV files, open data and the API all call these functions; none computes a figure itself.
Each figure carries the metric code and version that produced it, and is protected against
small counts (`suppression`). Nothing here reads raw events.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from scharnier.catalog.models import JourneyPhase, Theme
from scharnier.geography.models import Municipality, Region
from scharnier.landscape import queries as landscape
from scharnier.organisations.models import Organisation

from . import suppression
from .models import (
    WITHDRAWAL_KINDS,
    AgreedTarget,
    MetricDefinition,
    OutcomeEvent,
    OutcomeEventKind,
    OutcomeRollup,
    RegionTarget,
    ResultAgreement,
)
from .registry import (
    BROAD_SME_SIZE_CLASSES,
    DEFAULT_METRICS,
    SECTOR_GROUPS,
    SIZE_CLASSES,
)
from .rollups import bucket_of, firm_measure, rollup_version
from .suppression import Cell
from .task import task_by_municipality, task_by_sbi_row, task_of

K = OutcomeEventKind
logger = logging.getLogger(__name__)


# --- scope and period ---------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    level: str  # "national", "region", "municipality"
    region: Region | None = None
    municipality: Municipality | None = None

    @property
    def name(self) -> str:
        if self.municipality is not None:
            return self.municipality.name
        if self.region is not None:
            return self.region.name
        return _("Nederland")

    @property
    def code(self) -> str:
        if self.municipality is not None:
            return self.municipality.code
        if self.region is not None:
            return f"RG:{self.region.slug}"
        return "NL"

    def rollup_filter(self) -> dict:
        if self.municipality is not None:
            # As in its region's table: what is counted in the region (not what moved out).
            region = self.region.pk if self.region is not None else 0
            return {"municipality_key": self.municipality.pk, "region_key": region}
        if self.region is not None:
            return {"region_key": self.region.pk}
        return {}

    def municipality_codes(self) -> list[str]:
        if self.municipality is not None:
            return [self.municipality.code]
        if self.region is not None:
            return list(self.region.municipalities.values_list("code", flat=True))
        return list(task_by_municipality())


NATIONAL = Scope("national")


def source_reference(source) -> tuple[str, str]:
    """(type, id) of a model instance or a (type, id) pair, e.g. ('communities.meeting', '12')."""
    if isinstance(source, tuple):
        return source[0], str(source[1])
    return source._meta.label_lower, str(source.pk)


def standing_report(kind: str, source) -> OutcomeEvent | None:
    """The source's report of this kind that counts now: its latest revision ("12", "12/2",
    ...) that no withdrawal event names. None when it reported nothing or withdrew it."""
    source_type, source_id = source_reference(source)
    reports = OutcomeEvent.objects.filter(kind=kind, source_type=source_type).filter(
        Q(source_id=source_id) | Q(source_id__startswith=f"{source_id}/")
    )
    latest = reports.order_by("-pk").first()
    withdrawal = WITHDRAWAL_KINDS.get(kind)
    if latest is None or (
        withdrawal
        and OutcomeEvent.objects.filter(
            kind=withdrawal, source_type=source_type, source_id=latest.source_id
        ).exists()
    ):
        return None
    return latest


def report_count(kind: str, source) -> int:
    """How many reports (revisions) of this kind the source has recorded, withdrawn or not."""
    source_type, source_id = source_reference(source)
    return (
        OutcomeEvent.objects.filter(kind=kind, source_type=source_type)
        .filter(Q(source_id=source_id) | Q(source_id__startswith=f"{source_id}/"))
        .count()
    )


def region_scope(slug: str) -> Scope | None:
    region = Region.objects.filter(slug=slug).first()
    return Scope("region", region=region) if region else None


def municipality_scope(code: str) -> Scope | None:
    municipality = Municipality.objects.filter(code=code).first()
    if municipality is None:
        return None
    region = municipality.regions.order_by("pk").first()
    return Scope("municipality", region=region, municipality=municipality)


def scope_for_code(code: str) -> Scope | None:
    """'NL', 'RG:<slug>' or 'GMxxxx'."""
    code = (code or "NL").strip()
    if code == "NL":
        return NATIONAL
    if code.startswith("RG:"):
        return region_scope(code[3:])
    if code.startswith("GM"):
        return municipality_scope(code)
    return None


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive
    label: str

    @property
    def code(self) -> str:
        return self.label


def trajectory_start() -> datetime.date:
    return datetime.date.fromisoformat(settings.MONITORING_TRAJECTORY_START)


def target_date() -> datetime.date:
    return datetime.date.fromisoformat(settings.MONITORING_TARGET_DATE)


def half_year(day: datetime.date) -> Period:
    if day.month <= 6:
        return Period(
            datetime.date(day.year, 1, 1), datetime.date(day.year, 6, 30), f"{day.year}-H1"
        )
    return Period(datetime.date(day.year, 7, 1), datetime.date(day.year, 12, 31), f"{day.year}-H2")


def half_years(
    start: datetime.date | None = None, end: datetime.date | None = None
) -> list[Period]:
    start = start or trajectory_start()
    end = end or timezone.localdate()
    periods = []
    current = half_year(start)
    while current.start <= end:
        periods.append(current)
        current = half_year(current.end + datetime.timedelta(days=1))
    return periods


def calendar_year(year: int) -> Period:
    return Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31), str(year))


def since_start(today: datetime.date | None = None) -> Period:
    today = today or timezone.localdate()
    return Period(trajectory_start(), today, _("sinds de start"))


def parse_period(code: str | None) -> Period | None:
    """'' (since the start) or '2026-H1'."""
    if not code:
        return since_start()
    try:
        year, half = code.split("-H")
        period = half_year(datetime.date(int(year), 1 if half == "1" else 7, 1))
    except (ValueError, TypeError):
        return None
    return period if period.code == code else None


# --- the registry -------------------------------------------------------------------------


def definitions(on: datetime.date | None = None) -> dict[str, MetricDefinition]:
    """The version of each KPI valid on `on` (today), in registry order."""
    on = on or timezone.localdate()
    found: dict[str, MetricDefinition] = {}
    for definition in MetricDefinition.objects.filter(valid_from__lte=on).order_by(
        "code", "valid_from", "version"
    ):
        found[definition.code] = definition
    ordered = {}
    for spec in DEFAULT_METRICS:
        ordered[spec["code"]] = found.get(spec["code"]) or MetricDefinition(
            version=1, valid_from=datetime.date(2024, 1, 1), **spec
        )
    return ordered


def definition_versions(code: str) -> list[MetricDefinition]:
    return list(MetricDefinition.objects.filter(code=code).order_by("-version"))


# --- figures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    code: str
    name: str
    unit: str
    version: int
    value: float | int | None
    display: str

    @property
    def stamp(self) -> str:
        return f"{self.code}@v{self.version}"


def _rollups(scope: Scope, period: Period, measure: str, dimension: str = ""):
    return OutcomeRollup.objects.filter(
        measure=measure,
        dimension=dimension,
        bucket__gte=bucket_of(period.start),
        bucket__lte=period.end,
        **scope.rollup_filter(),
    )


def _signed(measure: str) -> list[tuple[str, int]]:
    """A measure and, for a kind that can be corrected, its withdrawals to subtract."""
    withdrawal = WITHDRAWAL_KINDS.get(measure)
    return [(measure, 1), (withdrawal, -1)] if withdrawal else [(measure, 1)]


def counts_by(scope: Scope, period: Period, measure: str, dimension: str) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for part, sign in _signed(measure):
        for row in (
            _rollups(scope, period, part, dimension)
            .values("value")
            .annotate(n=Sum("count"))
            .order_by()
        ):
            counts[row["value"]] += sign * row["n"]
    return dict(counts)


def total(scope: Scope, period: Period, measure: str) -> int:
    return sum(
        sign * (_rollups(scope, period, part).aggregate(n=Sum("count"))["n"] or 0)
        for part, sign in _signed(measure)
    )


def _median(histogram: dict[str, int]) -> float | None:
    values = sorted((int(v), n) for v, n in histogram.items())
    count = sum(n for _v, n in values)
    if count < suppression.THRESHOLD:
        return None
    middle = [(count - 1) // 2, count // 2]
    found, seen = [], 0
    for value, n in values:
        for index in middle:
            if seen <= index < seen + n:
                found.append(value)
        seen += n
    return sum(found) / len(found)


def _nps(histogram: dict[str, int]) -> float | None:
    count = sum(histogram.values())
    if count < suppression.THRESHOLD:
        return None
    promoters = sum(n for v, n in histogram.items() if int(v) >= 9)
    detractors = sum(n for v, n in histogram.items() if int(v) <= 6)
    return round(100 * (promoters - detractors) / count)


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return _("te weinig gegevens")
    text = f"{value:.1f}".replace(".", ",").removesuffix(",0")
    return f"{text}%" if unit == "procent" else text


def _cached(name: str, scope: Scope, period: Period, compute):
    """Figures change only when rollups do: cache them per rollup version (and a minute)."""
    key = _cache_key(name, scope, period)
    try:
        found = cache.get(key)
    except Exception:  # noqa: BLE001 - a cache outage must not break the dashboard
        found = None
    if found is None:
        found = compute()
        _store(key, found)
    return found


def _cache_key(name: str, scope: Scope, period: Period) -> str:
    return f"monitoring:{name}:{rollup_version()}:{scope.code}:{period.start}:{period.end}"


def _store(key: str, value) -> None:
    try:
        cache.set(key, value, settings.MONITORING_CACHE_SECONDS)
    except Exception:  # noqa: BLE001 - a cache outage must not break the dashboard
        logger.warning("monitoring: figures not cached (cache unavailable)")


def figures(scope: Scope, period: Period) -> dict[str, Figure]:
    """Every KPI for one scope and period: the one computation path of monitoring."""
    return _cached("figures", scope, period, lambda: _figures(scope, period))


# --- protection across every published view -----------------------------------------------

# The measures published as counts, with the breakdowns pages show of them. Every page, CSV and
# API answer takes these counts from one protected lattice per (measure, period), so a cell
# hidden in one view is hidden in all of them.
PUBLISHED_DIMENSIONS: dict[str, tuple[str, ...]] = {
    firm_measure("reached"): ("size_class", "sector", "door"),
    firm_measure("activated"): (),
    firm_measure("supported"): (),
    K.QUESTION_RECEIVED: ("door", "theme"),
    K.REFERRAL_MADE: ("phase",),
    K.REFERRAL_ACCEPTED: (),
    K.REFERRAL_RESULT: (),
    K.SCAN_COMPLETED: (),
}
BROAD = "broad-sme"  # a value of size_class: the sum of the broad-SME size classes
OTHER = "other"  # municipalities counted in a region they do not belong to (moved questions)
NL_AREA = ("NL",)


def area_key(scope: Scope) -> tuple:
    if scope.municipality is not None:
        return ("M", scope.region.pk if scope.region else 0, scope.municipality.pk)
    if scope.region is not None:
        return ("R", scope.region.pk)
    return NL_AREA


def _membership() -> tuple[dict[int, set[int]], dict[int, int]]:
    """Municipalities per region (0: in no region) and each municipality's own region."""
    members: dict[int, set[int]] = {}
    own: dict[int, int] = {}
    links = Region.municipalities.through.objects.values_list("region_id", "municipality_id")
    for region, municipality in links.order_by("region_id"):
        members.setdefault(region, set()).add(municipality)
        own.setdefault(municipality, region)
    members[0] = set(Municipality.objects.exclude(pk__in=own).values_list("pk", flat=True))
    return members, own


def protected(measure: str, period: Period) -> dict[tuple, Cell]:
    """Protected counts of one measure in one period for every area and breakdown value.

    Keys are (area, dimension, value): area ("NL",), ("R", region pk; 0 = no region) or
    ("M", region pk, municipality pk or "other"); ("", "") is the total, (dimension, "") the
    row of events without that attribute.
    """
    scope = Scope("lattice", None, None)
    key = f"protected-{measure}"
    family = period_family(period)

    def compute() -> dict[tuple, Cell]:
        protected_periods = _protected(measure, family)
        for other in family:  # the other periods came out of the same run: keep them too
            if other != period:
                _store(_cache_key(key, scope, other), protected_periods[_span(other)])
        return protected_periods[_span(period)]

    return _cached(key, scope, period, compute)


def period_family(period: Period) -> list[Period]:
    """The periods a reader can set side by side: since the start and each half-year since.

    Since-the-start is the sum of those half-years, so a small count hidden in one of them
    could be worked out from the others; they are protected together. A period outside the
    trajectory stands alone.
    """
    whole = since_start()
    halves = half_years(whole.start, whole.end)
    family = [whole, *halves]
    if period in family and whole.start == halves[0].start:
        return family
    return [period]


def _protected(measure: str, periods: list[Period]) -> dict[str, dict[tuple, Cell]]:
    """Protect the lattices of `periods` at once; the first is the sum of the others when there
    are more (every count here adds up over time: firms count in the period of their first
    step)."""
    counts: dict[tuple, int] = {}
    equations: list[tuple] = []
    for period in periods:
        span = _span(period)
        lattice, links = _lattice(measure, period)
        counts.update({(span, *key): n for key, n in lattice.items()})
        equations += [
            ((span, *total), [(span, *p) for p in parts], *loose) for total, parts, *loose in links
        ]
    whole, *halves = [_span(p) for p in periods]
    if halves:
        for key in [k[1:] for k in counts if k[0] == whole]:
            equations.append(((whole, *key), [(h, *key) for h in halves]))
    cells = suppression.protect(counts, equations)
    by_period: dict[str, dict[tuple, Cell]] = {_span(period): {} for period in periods}
    for (span, *key), cell in cells.items():
        by_period[span][tuple(key)] = cell
    return by_period


def _span(period: Period) -> str:
    return f"{period.start}:{period.end}"


def _lattice(measure: str, period: Period) -> tuple[dict[tuple, int], list[tuple]]:
    """The counts of one measure and period over every area and breakdown, with the sums
    that hold between them."""
    dimensions = PUBLISHED_DIMENSIONS.get(measure, ())
    members, _own = _membership()
    counts: dict[tuple, int] = defaultdict(int)
    signs = dict(_signed(measure))
    rows = (
        OutcomeRollup.objects.filter(
            measure__in=list(signs),
            dimension__in=("", *dimensions),
            bucket__gte=bucket_of(period.start),
            bucket__lte=period.end,
        )
        .values_list("measure", "region_key", "municipality_key", "dimension", "value")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for part, region, municipality, dimension, value, n in rows:
        if municipality not in members.get(region, ()):
            municipality = OTHER
        counts[(("M", region, municipality), dimension, value)] += signs[part] * n
    municipal = {key[0] for key in counts}
    values: dict[str, set[str]] = {d: set() for d in dimensions}
    for (_area, dimension, value), _n in list(counts.items()):
        if dimension:
            values[dimension].add(value)
    for area in municipal:
        total = counts.get((area, "", ""), 0)
        for dimension in dimensions:
            if dimension != "theme":  # themes overlap: no row of the rest
                known = sum(counts.get((area, dimension, v), 0) for v in values[dimension])
                counts[(area, dimension, "")] = total - known
        if measure == firm_measure("reached"):
            counts[(area, "size_class", BROAD)] = sum(
                counts.get((area, "size_class", c), 0) for c in BROAD_SME_SIZE_CLASSES
            )
    for dimension in dimensions:
        if dimension != "theme":
            values[dimension].add("")
    if measure == firm_measure("reached"):
        values["size_class"].add(BROAD)
    columns = [("", ""), *((d, v) for d in dimensions for v in sorted(values[d]))]
    regions = sorted({area[1] for area in municipal} | set(members))
    children: dict[tuple, list[tuple]] = {
        ("R", r): sorted({a for a in municipal if a[1] == r}, key=repr) for r in regions
    }
    equations: list[tuple] = []
    for region, areas in children.items():
        for column in columns:
            counts[(region, *column)] = sum(counts.get((a, *column), 0) for a in areas)
            equations.append(((region, *column), [(a, *column) for a in areas]))
    for column in columns:
        counts[(NL_AREA, *column)] = sum(counts.get((r, *column), 0) for r in children)
        equations.append(((NL_AREA, *column), [(r, *column) for r in children]))
    for area in [NL_AREA, *children, *municipal]:
        for dimension in dimensions:
            parts = [(area, dimension, v) for v in sorted(values[dimension]) if v != BROAD]
            if dimension == "theme":  # themes overlap: loose (protected as if they added up)
                equations.append(((area, "", ""), parts, "loose"))
            else:
                equations.append(((area, "", ""), parts))
        if measure == firm_measure("reached"):
            broad = [(area, "size_class", c) for c in BROAD_SME_SIZE_CLASSES]
            equations.append(((area, "size_class", BROAD), broad))
    return dict(counts), equations


def protected_cell(
    measure: str, period: Period, area: tuple, dimension: str = "", value: str = ""
) -> Cell:
    return protected(measure, period).get((area, dimension, value)) or Cell(0, "0")


def _figures(scope: Scope, period: Period) -> dict[str, Figure]:
    defs = definitions(min(period.end, timezone.localdate()))
    result: dict[str, Figure] = {}

    area = area_key(scope)

    def count(code: str, measure: str, dimension: str = "", value: str = "") -> None:
        d = defs[code]
        cell = protected_cell(measure, period, area, dimension, value)
        result[code] = Figure(code, d.name, d.unit, d.version, cell.value, cell.display)

    def measured(code: str, value: float | None) -> None:
        d = defs[code]
        result[code] = Figure(code, d.name, d.unit, d.version, value, _fmt(value, d.unit))

    for stage in ("reached", "activated", "supported"):
        count(f"firms-{stage}", firm_measure(stage))
    count("firms-reached-broad-sme", firm_measure("reached"), "size_class", BROAD)
    count("questions", K.QUESTION_RECEIVED)
    made = total(scope, period, K.REFERRAL_MADE)
    accepted = total(scope, period, K.REFERRAL_ACCEPTED)
    rejected = total(scope, period, K.REFERRAL_REJECTED)
    with_result = total(scope, period, K.REFERRAL_RESULT)
    count("referrals-made", K.REFERRAL_MADE)
    count("referrals-accepted", K.REFERRAL_ACCEPTED)
    count("referrals-with-result", K.REFERRAL_RESULT)
    measured("acceptance-rate", suppression.share(accepted, accepted + rejected))
    measured("days-to-first-contact", _median(counts_by(scope, period, K.FIRST_CONTACT, "value")))
    measured("closed-loop-share", suppression.share(min(with_result, made), made))
    measured("nps", _nps(counts_by(scope, period, K.FEEDBACK_GIVEN, "value")))
    count("plans-made", K.SCAN_COMPLETED)
    count("community-participations", K.MEETING_HELD)
    count("signals-raised", K.SIGNAL_RAISED)
    health = catalog_health(scope)
    for code in ("offers", "cleanup-progress", "white-spots"):
        d = defs[code]
        result[code] = Figure(code, d.name, d.unit, d.version, health[code], str(health[code]))
    return result


def catalog_health(scope: Scope) -> dict[str, int]:
    """Offers available in the scope now, offers retired after overlap decisions, white spots."""
    key = f"monitoring:catalog-health:{scope.code}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    if scope.region is not None:
        area = landscape.resolve_area(f"RG:{scope.region.slug}") or landscape.national_area()
    else:
        area = landscape.national_area()
    matrix = landscape.white_spot_matrix(area)
    white = sum(
        1
        for theme in matrix.themes
        for phase in matrix.phases
        if not matrix.counts.get((theme.code, phase.code))
    )
    health = {
        "offers": landscape.region_scan(area).activities,
        "cleanup-progress": sum(len(row.retired) for row in landscape.cleanup_after_decisions()),
        "white-spots": white,
    }
    cache.set(key, health, 300)
    return health


# --- tables -------------------------------------------------------------------------------


@dataclass
class Table:
    """One published table: rows of protected cells and the total they add up to."""

    slug: str
    title: str
    metric: Figure
    column: str
    rows: list[tuple[str, Cell]]
    total: Cell
    extra: dict[str, list] = field(default_factory=dict)


def _labels(dimension: str) -> dict[str, str]:
    if dimension == "size_class":
        return {code: str(label) for code, label in SIZE_CLASSES}
    if dimension == "sector":
        return {code: str(label) for code, label, _letters in SECTOR_GROUPS}
    if dimension == "door":
        return {
            "site": _("Website"),
            "scan": _("Toekomstscan"),
            "embed": _("Formulier op andere website"),
            "staff": _("Na een gesprek"),
            "api": _("Koppeling met een ander systeem"),
            "community": _("Community"),
        }
    if dimension == "theme":
        return {t.code: t.label for t in Theme.objects.all()}
    if dimension == "phase":
        return {p.code: p.label for p in JourneyPhase.objects.all()}
    return {}


def breakdown(
    scope: Scope, period: Period, metric: Figure, measure: str, dimension: str, title: str
) -> Table:
    lattice = protected(measure, period)
    area = area_key(scope)
    known = _labels(dimension)
    cells = {
        value: cell
        for (cell_area, cell_dimension, value), cell in lattice.items()
        if cell_area == area and cell_dimension == dimension and value != BROAD
    }
    for code in known:
        cells.setdefault(code, Cell(0, "0"))
    if dimension != "theme":
        # Events without this attribute form a row of their own, so the rows add up to the
        # total; themes overlap (one question, several themes) and are protected as if
        # they added up, which is stricter.
        cells.setdefault("", Cell(0, "0"))
    order = list(known)
    rows = [
        (known.get(code, code or _("onbekend")), cell)
        for code, cell in sorted(
            cells.items(),
            key=lambda item: (
                item[0] == "",
                order.index(item[0]) if item[0] in order else len(order),
                item[0],
            ),
        )
    ]
    return Table(
        f"{metric.code}-{dimension}",
        title,
        metric,
        _("aantal"),
        rows,
        protected_cell(measure, period, area),
    )


def breakdowns(scope: Scope, period: Period, figs: dict[str, Figure]) -> list[Table]:
    reached = figs["firms-reached"]
    questions = figs["questions"]
    referrals = figs["referrals-made"]
    return [
        breakdown(scope, period, reached, firm_measure("reached"), "size_class",
                  _("Bereikte bedrijven per grootteklasse")),
        breakdown(scope, period, reached, firm_measure("reached"), "sector",
                  _("Bereikte bedrijven per sector")),
        breakdown(scope, period, reached, firm_measure("reached"), "door",
                  _("Bereikte bedrijven per eerste ingang")),
        breakdown(scope, period, questions, K.QUESTION_RECEIVED, "door",
                  _("Vragen per ingang")),
        breakdown(scope, period, questions, K.QUESTION_RECEIVED, "theme",
                  _("Vragen per thema")),
        breakdown(scope, period, referrals, K.REFERRAL_MADE, "phase",
                  _("Doorverwijzingen per klantreisfase")),
    ]  # fmt: skip


@dataclass
class AreaRow:
    code: str
    name: str
    url_kind: str  # "region" / "municipality"
    slug: str
    reached: Cell
    task: int
    target: int
    share_of_task: float | None  # percent, None when the count is hidden


def region_target(region: Region) -> int:
    """The region's own target, else `default_region_target`."""
    row = RegionTarget.objects.filter(region=region).first()
    return row.target if row else default_region_target(region)


def default_region_target(region: Region) -> int:
    """The region's part of the national target, as large as its part of the national task.

    A flat 100,000 / 40 regions asked a small region to reach more firms than it has (2,500 of
    its 2,317); shares of the task add up to the national target. Without task figures (no
    municipalities known) the flat setting stays."""
    national = sum(task_of(NATIONAL.municipality_codes()).values())
    own = sum(task_of(region.municipalities.values_list("code", flat=True)).values())
    if not national or not own:
        return settings.MONITORING_REGION_TARGET
    return round(settings.MONITORING_NATIONAL_TARGET * own / national)


def target_of(scope: Scope) -> int:
    if scope.region is None:
        return settings.MONITORING_NATIONAL_TARGET
    target = region_target(scope.region)
    if scope.municipality is None:
        return target
    region_task = sum(task_of(scope.region.municipalities.values_list("code", flat=True)).values())
    own = sum(task_of([scope.municipality.code]).values())
    return round(target * own / region_task) if region_task else 0


def area_table(scope: Scope, period: Period) -> list[AreaRow]:
    """Reach per region (national view) or per municipality (region view), against the task."""
    return _cached("areas", scope, period, lambda: _area_table(scope, period))


def _area_table(scope: Scope, period: Period) -> list[AreaRow]:
    lattice = protected(firm_measure("reached"), period)

    def reached(area: tuple) -> Cell:
        return lattice.get((area, "", "")) or Cell(0, "0")

    result = []
    if scope.level == "national":
        for region in Region.objects.prefetch_related("municipalities"):
            codes = [m.code for m in region.municipalities.all()]
            cell = reached(("R", region.pk))
            task = sum(task_of(codes).values())
            result.append(
                AreaRow(f"RG:{region.slug}", region.name, "region", region.slug, cell, task,
                        region_target(region), _share(cell, task))
            )  # fmt: skip
        cell = reached(("R", 0))
        result.append(AreaRow("", _("Geen regio (landelijke wachtrij)"), "", "", cell, 0, 0, None))
        return result
    region = scope.region
    for municipality in region.municipalities.all():
        own = Scope("municipality", region=region, municipality=municipality)
        cell = reached(("M", region.pk, municipality.pk))
        task = sum(task_of([municipality.code]).values())
        result.append(
            AreaRow(municipality.code, municipality.name, "municipality", municipality.code,
                    cell, task, target_of(own), _share(cell, task))
        )  # fmt: skip
    # Questions moved here from a municipality outside the region: a row of their own, so
    # the rows add up to the region's figure.
    elsewhere = reached(("M", region.pk, OTHER))
    if elsewhere.display != "0":
        name = _("Andere gemeenten (doorgestuurde vragen)")
        result.append(AreaRow("", name, "", "", elsewhere, 0, 0, None))
    return result


def _share(cell: Cell, task: int) -> float | None:
    return round(100 * cell.value / task, 1) if cell.value is not None and task else None


def area_tables_for_map(period: Period) -> tuple[list[AreaRow], list[AreaRow]]:
    """Regions and every municipality (in a region or not) with reach as share of the task.

    A municipality shows the count of its own page (in its own region), protected alike.
    """
    regions = area_table(NATIONAL, period)
    lattice = protected(firm_measure("reached"), period)
    _members, own = _membership()
    tasks = task_by_municipality()
    rows = []
    for m in Municipality.objects.all():
        task = sum(tasks.get(m.code, {}).values())
        cell = lattice.get((("M", own.get(m.pk, 0), m.pk), "", "")) or Cell(0, "0")
        rows.append(
            AreaRow(m.code, m.name, "municipality", m.code, cell, task, 0, _share(cell, task))
        )
    return regions, rows


@dataclass
class TrajectoryPoint:
    period: Period
    cumulative: Cell
    expected: int  # on the straight line from the baseline to the target


def trajectory(scope: Scope, today: datetime.date | None = None) -> list[TrajectoryPoint]:
    """Cumulative unique firms reached at the end of each half-year, against the target line."""
    today = today or timezone.localdate()
    start, baseline = trajectory_start(), 0
    if scope.region is not None and scope.municipality is None:
        row = RegionTarget.objects.filter(region=scope.region).first()
        if row and row.baseline is not None:
            start, baseline = row.baseline_on or start, row.baseline
    target = target_of(scope)
    span = (target_date() - start).days or 1
    points = []
    running = 0
    for period in half_years(trajectory_start(), target_date()):
        if period.start <= today:
            running += total(scope, period, firm_measure("reached"))
        elapsed = min(max((period.end - start).days, 0), span)
        expected = round(baseline + (target - baseline) * elapsed / span)
        cumulative = suppression.single(running) if period.start <= today else Cell(None, "")
        # Cumulative counts are rounded down to a multiple of 5 so that two points do not
        # reveal a small number of new firms in one half-year.
        if cumulative.value is not None:
            cumulative = Cell(running - running % 5, str(running - running % 5))
        points.append(TrajectoryPoint(period, cumulative, expected))
    return points


@dataclass
class BenchmarkRow:
    name: str
    is_own: bool
    cells: list[Cell]


def benchmark(region: Region, periods: list[Period]) -> list[BenchmarkRow]:
    """Firms reached per half-year: the region, its peers (same rollout wave) and the country."""
    peers = list(Region.objects.filter(rollout_wave=region.rollout_wave).exclude(pk=region.pk)[:6])
    shown = [region, *peers]
    columns = []
    for period in periods:
        lattice = protected(firm_measure("reached"), period)
        cells = {str(r.pk): lattice.get((("R", r.pk), "", "")) or Cell(0, "0") for r in shown}
        national = lattice.get((NL_AREA, "", "")) or Cell(0, "0")
        columns.append((cells, national))
    rows = [
        BenchmarkRow(r.name, r.pk == region.pk, [column[0][str(r.pk)] for column in columns])
        for r in shown
    ]
    rows.append(BenchmarkRow(_("Nederland"), False, [column[1] for column in columns]))
    return rows


@dataclass
class Dashboard:
    scope: Scope
    period: Period
    figures: dict[str, Figure]
    tables: list[Table]
    areas: list[AreaRow]
    trajectory: list[TrajectoryPoint]
    task: dict[str, int]
    target: int
    benchmark: list[BenchmarkRow] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)

    @cached_property
    def task_total(self) -> int:
        return sum(self.task.values())

    @property
    def reach_share_of_task(self) -> float | None:
        reached = self.figures["firms-reached"].value
        return round(100 * reached / self.task_total, 1) if reached and self.task_total else None

    @property
    def reach_share_of_target(self) -> float | None:
        reached = self.figures["firms-reached"].value
        return round(100 * reached / self.target, 1) if reached and self.target else None


def dashboard(scope: Scope, period: Period) -> Dashboard:
    return _cached("dashboard", scope, period, lambda: _dashboard(scope, period))


def _dashboard(scope: Scope, period: Period) -> Dashboard:
    figs = figures(scope, period)
    periods = half_years()
    return Dashboard(
        scope=scope,
        period=period,
        figures=figs,
        tables=breakdowns(scope, period, figs),
        areas=area_table(scope, period) if scope.municipality is None else [],
        trajectory=trajectory(scope),
        task=task_of(scope.municipality_codes()),
        target=target_of(scope),
        benchmark=benchmark(scope.region, periods) if scope.region is not None else [],
        periods=periods,
    )


# --- result agreements --------------------------------------------------------------------

# Units of measured values (not counts of firms or acts): shown as they are.
MEASURED_UNITS = ("procent", "werkdagen")


@dataclass(frozen=True)
class AgreementRow:
    """One agreed KPI of a region's year, against the actual figure from the registry."""

    metric_code: str
    metric_name: str
    unit: str
    baseline: int | None  # None: not set, or a count of 1-4 (hidden like every count)
    baseline_display: str
    baseline_on: datetime.date | None
    target: int
    target_display: str
    actual: float | int | None  # None: hidden (<5), too few data, or the year has not begun
    actual_display: str
    metric_version: int  # the definition version that produced the actual figure
    parties: tuple[str, ...]

    @property
    def metric_stamp(self) -> str:
        return f"{self.metric_code}@v{self.metric_version}"


def _number(value: int, unit: str) -> str:
    # Plain digits, like every figure's display: pages group them (1.000), CSV and API not.
    return f"{value}%" if unit == "procent" else str(value)


def _baseline_cell(value: int | None, unit: str) -> Cell:
    if value is None:
        return Cell(None, _("niet vastgelegd"))
    if unit in MEASURED_UNITS or unit.startswith("score"):
        return Cell(value, _number(value, unit))
    # A baseline of firms or acts is a count like any other: 1-4 is shown as <5.
    cell = suppression.single(value)
    return Cell(cell.value, _number(value, unit) if cell.value is not None else cell.display)


def result_agreement(region: Region, year: int) -> ResultAgreement | None:
    return (
        ResultAgreement.objects.filter(region=region, year=year)
        .prefetch_related("parties", "targets")
        .first()
    )


def result_agreements_for(region: Region, year: int) -> list[AgreementRow]:
    """The region's agreed KPIs for the year (registry order), each with baseline, target and
    the actual figure for that calendar year with the metric version that produced it.
    Empty when the region has no agreement for the year."""
    agreement = result_agreement(region, year)
    if agreement is None:
        return []
    period = calendar_year(year)
    started = period.start <= timezone.localdate()
    actuals = figures(Scope("region", region=region), period) if started else {}
    defs = definitions(min(period.end, timezone.localdate()))
    parties = tuple(sorted(o.name for o in agreement.parties.all()))
    agreed: dict[str, AgreedTarget] = {t.metric_code: t for t in agreement.targets.all()}
    rows = []
    for code, definition in defs.items():
        if code not in agreed:
            continue
        row, figure = agreed[code], actuals.get(code)
        baseline = _baseline_cell(row.baseline, definition.unit)
        rows.append(
            AgreementRow(
                metric_code=code,
                metric_name=definition.name,
                unit=definition.unit,
                baseline=baseline.value,
                baseline_display=baseline.display,
                baseline_on=row.baseline_on,
                target=row.target,
                target_display=_number(row.target, definition.unit),
                actual=figure.value if figure else None,
                actual_display=figure.display if figure else _("nog niet begonnen"),
                metric_version=figure.version if figure else definition.version,
                parties=parties,
            )
        )
    return rows


def agreement_years_of(region: Region) -> list[int]:
    return list(
        ResultAgreement.objects.filter(region=region)
        .order_by("-year")
        .values_list("year", flat=True)
    )


def agreement_party_choices(region: Region, agreement: ResultAgreement | None):
    """Organisations that can be a party: those at the region's table, and those already
    named in the agreement."""
    chosen = list(agreement.parties.values_list("pk", flat=True)) if agreement else []
    return (
        Organisation.objects.filter(Q(regional_roles__region=region) | Q(pk__in=chosen))
        .distinct()
        .order_by("name")
    )


def broad_sme_firms_by_municipality(municipality_codes) -> dict[str, int]:
    """The task per municipality: estimated broad-SME firms (2-50 working persons)."""
    return {code: sum(task_of([code]).values()) for code in municipality_codes}


def broad_sme_firms_by_sbi_row(municipality_codes) -> dict[str, int]:
    """The task of these municipalities per SBI row ("A", "B", ..., "F", "O-Q", "R-U")."""
    return task_by_sbi_row(municipality_codes)
