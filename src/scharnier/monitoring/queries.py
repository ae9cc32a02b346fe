"""Every figure monitoring publishes, computed in one place from the rollups.

Pages, CSV files, open data and the API all call these functions; none computes a figure itself.
Each figure carries the metric code and version that produced it, and is protected against
small counts (`suppression`). Nothing here reads raw events.
"""

from __future__ import annotations

import datetime
import logging
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
    AgreedTarget,
    MetricDefinition,
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


def counts_by(scope: Scope, period: Period, measure: str, dimension: str) -> dict[str, int]:
    return {
        row["value"]: row["n"]
        for row in _rollups(scope, period, measure, dimension)
        .values("value")
        .annotate(n=Sum("count"))
        .order_by()
    }


def total(scope: Scope, period: Period, measure: str) -> int:
    return _rollups(scope, period, measure).aggregate(n=Sum("count"))["n"] or 0


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
    key = f"monitoring:{name}:{rollup_version()}:{scope.code}:{period.start}:{period.end}"
    try:
        found = cache.get(key)
    except Exception:  # noqa: BLE001 - a cache outage must not break the dashboard
        found = None
    if found is None:
        found = compute()
        try:
            cache.set(key, found, settings.MONITORING_CACHE_SECONDS)
        except Exception:  # noqa: BLE001
            logger.warning("monitoring: figures not cached (cache unavailable)")
    return found


def figures(scope: Scope, period: Period) -> dict[str, Figure]:
    """Every KPI for one scope and period: the one computation path of monitoring."""
    return _cached("figures", scope, period, lambda: _figures(scope, period))


def _figures(scope: Scope, period: Period) -> dict[str, Figure]:
    defs = definitions(min(period.end, timezone.localdate()))
    result: dict[str, Figure] = {}

    def count(code: str, n: int) -> None:
        d = defs[code]
        cell = suppression.single(n)
        result[code] = Figure(code, d.name, d.unit, d.version, cell.value, cell.display)

    def measured(code: str, value: float | None) -> None:
        d = defs[code]
        result[code] = Figure(code, d.name, d.unit, d.version, value, _fmt(value, d.unit))

    for stage in ("reached", "activated", "supported"):
        count(f"firms-{stage}", total(scope, period, firm_measure(stage)))
    sizes = counts_by(scope, period, firm_measure("reached"), "size_class")
    count("firms-reached-broad-sme", sum(sizes.get(c, 0) for c in BROAD_SME_SIZE_CLASSES))
    count("questions", total(scope, period, K.QUESTION_RECEIVED))
    made = total(scope, period, K.REFERRAL_MADE)
    accepted = total(scope, period, K.REFERRAL_ACCEPTED)
    rejected = total(scope, period, K.REFERRAL_REJECTED)
    with_result = total(scope, period, K.REFERRAL_RESULT)
    count("referrals-made", made)
    count("referrals-accepted", accepted)
    count("referrals-with-result", with_result)
    measured("acceptance-rate", suppression.share(accepted, accepted + rejected))
    measured("days-to-first-contact", _median(counts_by(scope, period, K.FIRST_CONTACT, "value")))
    measured("closed-loop-share", suppression.share(min(with_result, made), made))
    measured("nps", _nps(counts_by(scope, period, K.FEEDBACK_GIVEN, "value")))
    count("plans-made", total(scope, period, K.SCAN_COMPLETED))
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
            "api": _("API"),
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
    counts = counts_by(scope, period, measure, dimension)
    known = _labels(dimension)
    for code in known:
        counts.setdefault(code, 0)
    grand = total(scope, period, measure)
    if dimension != "theme":
        # Events without this attribute form a row of their own, so the rows add up to the
        # total and no hidden cell can be found by subtraction.
        counts[""] = grand - sum(counts.values())
    # Themes overlap (one question, several themes): their cells do not add up to the total,
    # but they are protected as if they did, which is stricter.
    cells = suppression.table(counts, grand)
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
        suppression.single(grand),
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


def _reached_by(key: str, period: Period, **filters) -> dict[int, int]:
    return {
        row[key]: row["n"]
        for row in OutcomeRollup.objects.filter(
            measure=firm_measure("reached"),
            dimension="",
            bucket__gte=bucket_of(period.start),
            bucket__lte=period.end,
            **filters,
        )
        .values(key)
        .annotate(n=Sum("count"))
        .order_by()
    }


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
    row = RegionTarget.objects.filter(region=region).first()
    return row.target if row else settings.MONITORING_REGION_TARGET


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
    rows: list[tuple[str, str, str, str, int, int, int]] = []
    if scope.level == "national":
        reached = _reached_by("region_key", period)
        for region in Region.objects.prefetch_related("municipalities"):
            codes = [m.code for m in region.municipalities.all()]
            rows.append(
                (f"RG:{region.slug}", region.name, "region", region.slug,
                 reached.get(region.pk, 0), sum(task_of(codes).values()), region_target(region))
            )  # fmt: skip
        rows.append(("", _("Geen regio (landelijke wachtrij)"), "", "", reached.get(0, 0), 0, 0))
        grand = sum(reached.values())
    else:
        region = scope.region
        reached = _reached_by("municipality_key", period, region_key=region.pk)
        for municipality in region.municipalities.all():
            own = Scope("municipality", region=region, municipality=municipality)
            rows.append(
                (municipality.code, municipality.name, "municipality", municipality.code,
                 reached.get(municipality.pk, 0), sum(task_of([municipality.code]).values()),
                 target_of(own))
            )  # fmt: skip
        grand = sum(reached.values())
        # Questions moved here from a municipality outside the region: a row of their own, so
        # the rows add up to the region's figure.
        elsewhere = grand - sum(row[4] for row in rows)
        if elsewhere:
            rows.append(("", _("Andere gemeenten (doorgestuurde vragen)"), "", "", elsewhere, 0, 0))
    cells = suppression.table({row[0] or "-": row[4] for row in rows}, grand)
    result = []
    for code, name, kind, slug, _n, task, target in rows:
        cell = cells[code or "-"]
        result.append(AreaRow(code, name, kind, slug, cell, task, target, _share(cell, task)))
    return result


def _share(cell: Cell, task: int) -> float | None:
    return round(100 * cell.value / task, 1) if cell.value is not None and task else None


def area_tables_for_map(period: Period) -> tuple[list[AreaRow], list[AreaRow]]:
    """Regions and every municipality (in a region or not) with reach as share of the task."""
    regions = area_table(NATIONAL, period)
    reached = _reached_by("municipality_key", period)
    municipalities = list(Municipality.objects.all())
    counts = {m.code: reached.get(m.pk, 0) for m in municipalities}
    cells = suppression.table(counts, sum(reached.values()))
    tasks = task_by_municipality()
    rows = []
    for m in municipalities:
        task = sum(tasks.get(m.code, {}).values())
        cell = cells[m.code]
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
        reached = _reached_by("region_key", period)
        everyone = {str(r.pk): reached.get(r.pk, 0) for r in Region.objects.all()}
        everyone["0"] = reached.get(0, 0)
        columns.append((suppression.table(everyone), suppression.single(sum(everyone.values()))))
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
