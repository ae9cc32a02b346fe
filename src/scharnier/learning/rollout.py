"""The rollout to every region (REQUIREMENTS H1-H3): how far each wave covers the country, what a
region minimally needs before it can help entrepreneurs, and the start package for new regions.

Actieagenda kansenkaart 1: "5 > 15 > 30 > 40 ... Hierbij gaan we uit van een landsdekkende
uitrol"; §8: "Eind 2024 liggen 'startpakketten' voor de volgende 10 regio's klaar. In deze pakketten
zijn lessen verwerkt van de eerste 6 regio's"; Visie (003): "wat is er minimaal nodig om
vraagarticulatie goed te kunnen faciliteren in de regio's?"

The minimum ("startklaar") is data (data/readiness.json); each element is read from what the
region already keeps in Scharnier, so it cannot say "klaar" while the table is empty. Each element
also says when it is needed (REQUIREMENTS G7, Kamerbrief: "welke partijen moeten aan tafel zitten,
welke rollen zijn nodig en op welk moment"): at the start, once the region helps entrepreneurs, or
after its first year; the region's status and start say which are due now. Read queries only:
nothing here writes.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from scharnier.communities.models import Community
from scharnier.geography.models import Municipality, Region, RegionStatus, RolloutWave
from scharnier.monitoring.models import ResultAgreement
from scharnier.monitoring.queries import broad_sme_firms_by_municipality
from scharnier.organisations.models import (
    DirectingOrganisation,
    Membership,
    RegionalRole,
    RegionalRoleKind,
    Role,
)
from scharnier.organisations.queries import required_stakeholders

from .models import (
    AssessmentStatus,
    DevelopmentPlan,
    DevelopmentPlanStatus,
    HalfYearReport,
    Intervention,
    ReportStatus,
    SelfAssessment,
)

READINESS_PATH = Path(__file__).resolve().parent / "data" / "readiness.json"
# "Minstens twee mensen": one person is not a team (holidays, illness).
SCHAKELTEAM_MINIMUM = 2


@dataclass(frozen=True)
class Stage:
    """A moment in a region's start from which elements are needed, in order."""

    code: str
    label: str
    explanation: str
    order: int


@dataclass(frozen=True)
class Element:
    code: str
    label: str
    explanation: str
    fix: str  # URL name taking the region's slug ("" when there is no page for it)
    stage: Stage
    fix_args: tuple[str, ...] = ()  # arguments before the slug (the region's team: "regio")


@cache
def _data() -> dict:
    return json.loads(READINESS_PATH.read_text(encoding="utf-8"))


@cache
def stages() -> tuple[Stage, ...]:
    return tuple(
        Stage(s["code"], s["label"], s["explanation"], order)
        for order, s in enumerate(_data()["stages"], start=1)
    )


@cache
def elements() -> tuple[Element, ...]:
    by_code = {stage.code: stage for stage in stages()}
    return tuple(
        Element(
            e["code"],
            e["label"],
            e["explanation"],
            e["fix"],
            by_code[e["stage"]],
            tuple(e.get("fix_args", ())),
        )
        for e in _data()["elements"]
    )


def elements_by_stage() -> list[tuple[Stage, list[Element]]]:
    return [(stage, [e for e in elements() if e.stage == stage]) for stage in stages()]


# The year each wave starts (Actieagenda): a region's first year, unless the date its regie was
# granted says otherwise.
WAVE_START_YEAR = {
    RolloutWave.FOCUS_2024: 2024,
    RolloutWave.WAVE_2025: 2025,
    RolloutWave.WAVE_2026: 2026,
}


def _started_on(region: Region, granted_on: datetime.date | None) -> datetime.date | None:
    if granted_on is not None:
        return granted_on
    year = WAVE_START_YEAR.get(region.rollout_wave)
    return datetime.date(year, 1, 1) if year else None


def stage_reached(region: Region, granted_on: datetime.date | None, today: datetime.date) -> int:
    """How many stages are due: none while exploring, the start once the region starts, and
    the first year's review a year after an active region started."""
    if region.status == RegionStatus.STARTING:
        return 1
    if region.status != RegionStatus.ACTIVE:
        return 0
    started = _started_on(region, granted_on)
    if started is not None and today >= _one_year_after(started):
        return 3
    return 2


def _one_year_after(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


@dataclass
class Check:
    element: Element
    met: bool
    detail: str
    fix_url: str = ""  # where the region's staff arrange it
    due: bool = False  # needed now, given where the region stands

    @property
    def overdue(self) -> bool:
        return self.due and not self.met


def _fix_url(element: Element, region: Region) -> str:
    if not element.fix:
        return ""
    return reverse(element.fix, args=[*element.fix_args, region.slug])


@dataclass
class Readiness:
    region: Region
    checks: list[Check]
    stages_due: int = 0

    @property
    def met(self) -> int:
        return sum(check.met for check in self.checks)

    @property
    def missing(self) -> list[Check]:
        return [check for check in self.checks if not check.met]

    @property
    def ready(self) -> bool:
        return not self.missing

    @property
    def overdue(self) -> list[Check]:
        """What the region needs by now and does not have yet."""
        return [check for check in self.checks if check.overdue]

    @property
    def later(self) -> list[Check]:
        return [check for check in self.checks if not check.met and not check.due]

    @property
    def on_track(self) -> bool:
        return not self.overdue

    def by_stage(self) -> list[tuple[Stage, bool, list[Check]]]:
        """Per stage: whether it is due now, and its checks."""
        return [
            (
                stage,
                stage.order <= self.stages_due,
                [c for c in self.checks if c.element.stage == stage],
            )
            for stage in stages()
        ]


def _table(region_ids: list[int]) -> dict[int, tuple[bool, str]]:
    seats: dict[int, list] = defaultdict(list)
    for role in RegionalRole.objects.filter(region_id__in=region_ids).select_related(
        "organisation__parent"
    ):
        seats[role.region_id].append(role.organisation)
    result = {}
    for region_id in region_ids:
        missing = [
            str(required.label)
            for required in required_stakeholders()
            if not any(required.is_met_by(o) for o in seats[region_id])
        ]
        result[region_id] = (
            not missing,
            _("ontbreekt: %(names)s") % {"names": ", ".join(missing)} if missing else "",
        )
    return result


def _directing(region_ids: list[int]) -> dict[int, DirectingOrganisation]:
    return {
        d.region_id: d
        for d in DirectingOrganisation.objects.filter(region_id__in=region_ids).select_related(
            "organisation"
        )
    }


def _regie(region_ids: list[int]) -> dict[int, tuple[bool, str]]:
    held = _directing(region_ids)
    result = {}
    for region_id in region_ids:
        directing = held.get(region_id)
        if directing is None:
            result[region_id] = (False, "")
        elif directing.programme_manager_id is None:
            result[region_id] = (
                False,
                _("%(name)s, nog geen programmamanager") % {"name": directing.organisation.name},
            )
        else:
            result[region_id] = (
                True,
                _("%(name)s, met programmamanager") % {"name": directing.organisation.name},
            )
    return result


def _director(region_ids: list[int]) -> dict[int, tuple[bool, str]]:
    counts = dict(
        Membership.objects.filter(
            role=Role.REGIONAL_DIRECTOR, region_id__in=region_ids, user__is_active=True
        )
        .values_list("region_id")
        .annotate(n=Count("user", distinct=True))
    )
    return {
        region_id: (
            counts.get(region_id, 0) > 0,
            ngettext("%(count)s persoon", "%(count)s personen", counts.get(region_id, 0))
            % {"count": counts.get(region_id, 0)},
        )
        for region_id in region_ids
    }


def _lead(region_ids: list[int]) -> dict[int, tuple[bool, str]]:
    leads: dict[int, list[str]] = defaultdict(list)
    for region_id, name in RegionalRole.objects.filter(
        region_id__in=region_ids, role=RegionalRoleKind.LEAD
    ).values_list("region_id", "organisation__name"):
        leads[region_id].append(name)
    return {
        region_id: (bool(leads[region_id]), ", ".join(sorted(leads[region_id])))
        for region_id in region_ids
    }


def _schakelteam(region_ids: list[int]) -> dict[int, tuple[bool, str]]:
    counts = dict(
        Membership.objects.filter(
            role=Role.SCHAKELTEAM_MEMBER, region_id__in=region_ids, user__is_active=True
        )
        .values_list("region_id")
        .annotate(n=Count("user", distinct=True))
    )
    result = {}
    for region_id in region_ids:
        n = counts.get(region_id, 0)
        result[region_id] = (
            n >= SCHAKELTEAM_MINIMUM,
            ngettext("%(count)s persoon", "%(count)s personen", n) % {"count": n},
        )
    return result


def _communities(region_ids: list[int]) -> dict[int, tuple[bool, str]]:
    counts = dict(
        Community.objects.filter(region_id__in=region_ids, status="actief")
        .values_list("region_id")
        .annotate(n=Count("pk"))
    )
    return {
        region_id: (
            counts.get(region_id, 0) > 0,
            _("%(count)s actief") % {"count": counts.get(region_id, 0)},
        )
        for region_id in region_ids
    }


def _plan(region_ids: list[int]) -> dict[int, tuple[bool, str]]:
    year = timezone.localdate().year
    plans = {
        plan.region_id: plan.period
        for plan in DevelopmentPlan.objects.filter(
            region_id__in=region_ids,
            status=DevelopmentPlanStatus.ADOPTED,
            first_year__lte=year,
            last_year__gte=year,
        )
    }
    return {region_id: (region_id in plans, plans.get(region_id, "")) for region_id in region_ids}


def _agreements(region_ids: list[int]) -> dict[int, tuple[bool, str]]:
    year = timezone.localdate().year
    counts = dict(
        ResultAgreement.objects.filter(region_id__in=region_ids, year=year)
        .annotate(n=Count("targets"))
        .values_list("region_id", "n")
    )
    return {
        region_id: (
            counts.get(region_id, 0) > 0,
            ngettext("%(count)s streefwaarde", "%(count)s streefwaarden", counts[region_id])
            % {"count": counts[region_id]}
            if region_id in counts
            else "",
        )
        for region_id in region_ids
    }


def _assessment(region_ids: list[int]) -> dict[int, tuple[bool, str]]:
    rounds = dict(
        SelfAssessment.objects.filter(region_id__in=region_ids, status=AssessmentStatus.FINAL)
        .values_list("region_id")
        .annotate(n=Count("pk"))
    )
    return {
        region_id: (
            region_id in rounds,
            ngettext("%(count)s ronde", "%(count)s rondes", rounds[region_id])
            % {"count": rounds[region_id]}
            if region_id in rounds
            else "",
        )
        for region_id in region_ids
    }


_CHECKS = {
    "tafel": _table,
    "regie": _regie,
    "regisseur": _director,
    "trekker": _lead,
    "schakelteam": _schakelteam,
    "communities": _communities,
    "ontwikkelplan": _plan,
    "resultaatafspraken": _agreements,
    "zelfanalyse": _assessment,
}


def readiness_of(regions: list[Region]) -> list[Readiness]:
    """The minimum per region: one query per element for all regions together."""
    ids = [region.pk for region in regions]
    results = {element.code: _CHECKS[element.code](ids) for element in elements()}
    directing = _directing(ids)
    today = timezone.localdate()
    readiness = []
    for region in regions:
        granted = directing[region.pk].granted_on if region.pk in directing else None
        reached = stage_reached(region, granted, today)
        checks = [
            Check(
                element,
                *results[element.code][region.pk],
                fix_url=_fix_url(element, region),
                due=element.stage.order <= reached,
            )
            for element in elements()
        ]
        readiness.append(Readiness(region, checks, reached))
    return readiness


@dataclass
class WaveCoverage:
    wave: int
    label: str
    regions: int
    regions_so_far: int
    aimed_so_far: int | None
    municipalities_so_far: int
    firms_so_far: int
    share_so_far: float | None


# The Actieagenda's path per wave, in regions so far (kansenkaart 1: "5 > 15 > 30 > 40").
AIMED_REGIONS = {
    RolloutWave.FOCUS_2024: 5,
    RolloutWave.WAVE_2025: 15,
    RolloutWave.WAVE_2026: 30,
    RolloutWave.WAVE_LATER: 40,
}


def coverage() -> list[WaveCoverage]:
    """Per wave, and counting the earlier waves too: regions, municipalities and broad-SME firms
    (CBS estimate) the regional approach covers. A municipality in two regions counts once; a
    stopped region does not count."""
    all_codes = list(Municipality.objects.values_list("code", flat=True))
    firms = broad_sme_firms_by_municipality(all_codes)
    national = sum(firms.values())
    in_wave: dict[int, set[str]] = defaultdict(set)
    regions_in: dict[int, int] = defaultdict(int)
    for region in Region.objects.exclude(status=RegionStatus.STOPPED).prefetch_related(
        "municipalities"
    ):
        regions_in[region.rollout_wave] += 1
        in_wave[region.rollout_wave].update(m.code for m in region.municipalities.all())
    rows, covered, regions_so_far = [], set(), 0
    for wave in RolloutWave:
        covered |= in_wave[wave.value]
        regions_so_far += regions_in[wave.value]
        total = sum(firms.get(code, 0) for code in covered)
        rows.append(
            WaveCoverage(
                wave=wave.value,
                label=str(wave.label),
                regions=regions_in[wave.value],
                regions_so_far=regions_so_far,
                aimed_so_far=AIMED_REGIONS.get(wave),
                municipalities_so_far=len(covered),
                firms_so_far=total,
                share_so_far=total / national if national else None,
            )
        )
    return rows


def first_wave_per_municipality() -> dict[str, int]:
    """Per municipality code, the earliest wave of a (not stopped) region it belongs to."""
    first: dict[str, int] = {}
    for code, wave in Region.objects.exclude(status=RegionStatus.STOPPED).values_list(
        "municipalities__code", "rollout_wave"
    ):
        if code is not None and (code not in first or wave < first[code]):
            first[code] = wave
    return first


@dataclass
class Lesson:
    region: Region
    period: str
    text: str
    report: HalfYearReport


def lessons(limit: int = 12) -> list[Lesson]:
    """What the regions learned, from their published half-year reports (newest first)."""
    reports = (
        HalfYearReport.objects.filter(status=ReportStatus.PUBLISHED, region__isnull=False)
        .exclude(lessons="")
        .select_related("region")
        .order_by("-period", "region__name", "-version")
    )
    # A corrected report replaces its earlier version: show the newest version only.
    seen, result = set(), []
    for report in reports:
        key = (report.region_id, report.period)
        if key in seen:
            continue
        seen.add(key)
        result.append(Lesson(report.region, report.period, report.lessons, report))
        if len(result) == limit:
            break
    return result


def interventions_by_kind() -> dict[str, list[Intervention]]:
    """Improvements the regions carried out, per kind (improve, combine, stop): examples."""
    grouped: dict[str, list[Intervention]] = defaultdict(list)
    for item in (
        Intervention.objects.filter(done_on__isnull=False)
        .select_related("region")
        .order_by("-done_on")[:60]
    ):
        grouped[item.get_kind_display()].append(item)
    return dict(grouped)


def regions_in_order() -> list[Region]:
    return list(
        Region.objects.filter(~Q(status=RegionStatus.STOPPED)).order_by("rollout_wave", "name")
    )
