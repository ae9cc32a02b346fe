"""The half-year report's content: an ordered list of section builders, each a function that
returns one plain, JSON-ready dict (or None to leave the section out).

Until publication a report is built live from the metric registry (`monitoring.queries`);
publication freezes the same dicts as the snapshot and renders them to HTML and PDF bytes once.
The national roll-up is built only from the frozen snapshots of published regional reports.

A section dict: {"key", "title", "intro"?, "figures"?: [figure], "tables"?: [{"caption",
"columns", "rows"}], "chart"?: {"title", "desc", "unit", "bars": [[label, value|None, display]]},
"entries"?: [{"title", "meta", "paragraphs"}], "empty"?: text shown when there is nothing}.
A figure: {"code", "version", "name", "unit", "value", "display"} from the registry.
To add a section, write a builder and add it to REGION_SECTIONS.
"""

from __future__ import annotations

import base64
import datetime
import functools
import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from scharnier.core.templatetags.core_format import half_year
from scharnier.geography.models import Region
from scharnier.monitoring import queries as monitoring
from scharnier.monitoring import suppression
from scharnier.monitoring.models import MetricDefinition
from scharnier.monitoring.registry import CASEWORK_CODES, COMMUNITY_CODES, FUNNEL_CODES
from scharnier.monitoring.task import task_of
from scharnier.signals import queries as signal_queries

from . import development_plans, framework
from . import queries as learning_queries
from .models import (
    INTERVENTIONS_AIMED_PER_YEAR,
    AssessmentStatus,
    DevelopmentPlan,
    DevelopmentPlanStatus,
    HalfYearReport,
    Intervention,
    ReportStatus,
    SelfAssessment,
    StoryStatus,
    Visitation,
)

SNAPSHOT_FORMAT = 1
# WeasyPrint logs every layout step at INFO; only its warnings matter here.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
FUNNEL = FUNNEL_CODES


@dataclass
class ReportContext:
    report: HalfYearReport
    period: monitoring.Period

    @property
    def region(self) -> Region | None:
        return self.report.region

    @property
    def scope(self) -> monitoring.Scope:
        if self.region is None:
            return monitoring.NATIONAL
        return monitoring.Scope("region", region=self.region)

    @property
    def figures(self) -> dict[str, monitoring.Figure]:
        found = getattr(self, "_figures", None)
        if found is None:
            found = monitoring.figures(self.scope, self.period)
            self._figures = found
        return found

    def figure(self, code: str) -> dict:
        return figure_dict(self.figures[code])


Builder = Callable[[ReportContext], dict | None]


def figure_dict(figure: monitoring.Figure) -> dict:
    return {
        "code": figure.code,
        "version": figure.version,
        "name": figure.name,
        "unit": figure.unit,
        "value": figure.value,
        "display": figure.display,
    }


def _date(day: datetime.date | None) -> str:
    """A date as Dutch readers write it: "1 juli 2026"."""
    return date_format(day, "j F Y") if day else ""


def _pct(value: float | None) -> str:
    if value is None:
        return _("te weinig gegevens")
    return f"{value:.1f}".replace(".", ",").removesuffix(",0") + "%"


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split("\n\n") if part.strip()]


# --- sections of a region's report --------------------------------------------------------------
def narrative(ctx: ReportContext) -> dict:
    report = ctx.report
    items = [
        {"title": _("Voortgang"), "meta": "", "paragraphs": _paragraphs(report.progress)},
        {"title": _("Lessen"), "meta": "", "paragraphs": _paragraphs(report.lessons)},
        {"title": _("Volgende stappen"), "meta": "", "paragraphs": _paragraphs(report.next_steps)},
    ]
    for item in items:
        if not item["paragraphs"]:
            item["paragraphs"] = [_("(nog niet ingevuld)")]
    return {"key": "verhaal", "title": _("Voortgang, lessen en volgende stappen"), "entries": items}


def funnel(ctx: ReportContext) -> dict:
    figures = [ctx.figure(code) for code in (*FUNNEL, "firms-reached-broad-sme")]
    return {
        "key": "trechter",
        "title": _("Bereikt, geactiveerd, ondersteund"),
        "intro": _("Verschillende bedrijven in dit halfjaar. Een bedrijf telt één keer."),
        "figures": figures,
        "chart": {
            "title": _("Trechter van bedrijven in dit halfjaar"),
            "desc": _(
                "Staafdiagram: bereikt, geactiveerd en ondersteund. De tabel ernaast geeft "
                "dezelfde cijfers."
            ),  # fmt: skip
            "unit": _("bedrijven"),
            "bars": [[f["name"], f["value"], f["display"]] for f in figures[:3]],
        },
    }


def reach(ctx: ReportContext) -> dict:
    scope = ctx.scope
    task = sum(task_of(scope.municipality_codes()).values())
    target = monitoring.target_of(scope)
    point = next(
        (p for p in monitoring.trajectory(scope) if p.period.code == ctx.period.code), None
    )
    reached = ctx.figure("firms-reached")
    cumulative = point.cumulative if point else suppression.Cell(None, _("onbekend"))
    stamp = _("%(name)s, versie %(version)s") % {
        "name": reached["name"],
        "version": reached["version"],
    }

    def share(whole: int) -> str:
        if cumulative.value is None or not whole:
            return _("te weinig gegevens")
        return _pct(round(100 * cumulative.value / whole, 1))

    rows = [
        [_("Bereikt in dit halfjaar"), reached["display"], stamp],
        [_("Bereikt sinds de start (afgerond op 5)"), cumulative.display, stamp],
        [_("Opgave: bedrijven uit het brede mkb"), str(task), _("CBS, zie methode")],
        [_("Doel"), str(target), _("afspraak")],
        [_("Verwacht op de lijn naar het doel"), str(point.expected) if point else "", ""],
        [_("Bereikt als deel van de opgave"), share(task), stamp],
        [_("Bereikt als deel van het doel"), share(target), stamp],
    ]
    return {
        "key": "bereik",
        "title": _("Bereik naast opgave en doel"),
        "figures": [reached],
        "tables": [
            {
                "caption": _("Bereik tot en met dit halfjaar, naast de opgave en het doel"),
                "columns": [_("Wat"), _("Aantal"), _("Kengetal")],
                "rows": rows,
            }
        ],
    }


def referrals(ctx: ReportContext) -> dict:
    codes = (
        "referrals-made",
        "referrals-accepted",
        "acceptance-rate",
        "days-to-first-contact",
        "referrals-with-result",
        "closed-loop-share",
    )
    return {
        "key": "doorverwijzingen",
        "title": _("Doorverwijzingen, acceptatie en resultaat"),
        "figures": [ctx.figure(code) for code in codes],
    }


def satisfaction(ctx: ReportContext) -> dict:
    return {
        "key": "tevredenheid",
        "title": _("Vragen, plannen en tevredenheid"),
        "figures": [ctx.figure(code) for code in ("questions", "plans-made", "nps")],
    }


def catalog(ctx: ReportContext) -> dict:
    return {
        "key": "aanbod",
        "title": _("Aanbod, opschoning en witte vlekken"),
        "intro": _("De stand op het moment dat de rapportage werd gemaakt."),
        "figures": [ctx.figure(code) for code in ("offers", "cleanup-progress", "white-spots")],
    }


def interventions(ctx: ReportContext) -> dict:
    """The improvements entrepreneurs noticed, carried out in the half year, and the year so
    far against the Actieagenda's aim of five to ten a year."""
    done = list(
        Intervention.objects.filter(
            region=ctx.region, done_on__range=(ctx.period.start, ctx.period.end)
        ).order_by("done_on", "pk")
    )
    year = ctx.period.end.year
    in_year = Intervention.objects.filter(
        region=ctx.region, done_on__year=year, done_on__lte=ctx.period.end
    ).count()
    low, high = INTERVENTIONS_AIMED_PER_YEAR
    section = {
        "key": "interventies",
        "title": _("Interventies: verbeteringen die ondernemers merken"),
        "intro": ngettext(
            "In %(year)s tot en met dit halfjaar: %(count)s interventie. Het doel is %(low)s à "
            "%(high)s per jaar.",
            "In %(year)s tot en met dit halfjaar: %(count)s interventies. Het doel is %(low)s à "
            "%(high)s per jaar.",
            in_year,
        )
        % {"year": year, "count": in_year, "low": low, "high": high},
        "tables": [],
        "empty": _("In dit halfjaar is geen interventie doorgevoerd."),
    }
    if done:
        section["tables"].append(
            {
                "caption": _("Interventies doorgevoerd in dit halfjaar"),
                "columns": [
                    _("Wat is er veranderd"),
                    _("Soort"),
                    _("Op"),
                    _("Wat merkt de ondernemer"),
                ],
                "rows": [
                    [i.title, i.get_kind_display(), _date(i.done_on), i.noticeable] for i in done
                ],
            }
        )
    return section


def development_plan(ctx: ReportContext) -> dict:
    """Progress of the development team's plan ("Halfjaarlijkse rapportages vanuit de
    ontwikkelteams. Voortgang, lessen en resultaten"): the adopted plan whose period holds the
    report's year, its actions as they stand when the report is made."""
    year = ctx.period.start.year
    plan = (
        DevelopmentPlan.objects.filter(
            region=ctx.region,
            status=DevelopmentPlanStatus.ADOPTED,
            first_year__lte=year,
            last_year__gte=year,
        )
        .order_by("-first_year")
        .first()
    )
    section = {
        "key": "ontwikkelplan",
        "title": _("Ontwikkelplan: wat het team deed"),
        "tables": [],
        "empty": _("De regio heeft geen vastgesteld ontwikkelplan voor %(year)s.") % {"year": year},
    }
    if plan is None:
        return section
    actions = development_plans.actions_of(plan)
    progress = development_plans.progress(actions)
    cards = framework.kansenkaart_titles()
    section["intro"] = ngettext(
        "Ontwikkelplan %(period)s, vastgesteld op %(date)s. De stand op het moment dat de "
        "rapportage werd gemaakt: %(done)s van %(count)s actie klaar, %(stuck)s vastgelopen.",
        "Ontwikkelplan %(period)s, vastgesteld op %(date)s. De stand op het moment dat de "
        "rapportage werd gemaakt: %(done)s van %(count)s acties klaar, %(stuck)s vastgelopen.",
        progress.total,
    ) % {
        "period": plan.period,
        "date": _date(plan.adopted_on),
        "done": progress.done,
        "count": progress.total,
        "stuck": progress.stuck,
    }
    if actions:
        section["tables"].append(
            {
                "caption": _("Acties uit het ontwikkelplan"),
                "columns": [_("Kansenkaart"), _("Actie"), _("Trekker"), _("Stand van zaken")],
                "rows": [
                    [
                        cards.get(a.kansenkaart, a.kansenkaart).split(":")[0],
                        a.text,
                        a.lead.name if a.lead else "-",
                        _plan_action_state(a),
                    ]
                    for a in actions
                ],
            }
        )
    return section


def _plan_action_state(action) -> str:
    state = str(action.get_status_display())
    if action.done_on:
        state = _("Klaar sinds %(date)s") % {"date": _date(action.done_on)}
    if action.escalation_decision_id:
        state += ". " + _("Besluit van de stuurgroep: %(decision)s") % {
            "decision": action.escalation_decision.text
        }
    elif action.escalated_on:
        state += ". " + _("Voorgelegd aan de stuurgroep op %(date)s") % {
            "date": _date(action.escalated_on)
        }
    return state


def signals(ctx: ReportContext) -> dict:
    threads = list(signal_queries.board_threads(region=ctx.region)[:10])
    rows = [
        [
            t.title,
            str(suppression.single(t.signal_count).display),
            t.get_status_display(),
            _("ja")
            if t.answered_within_deadline
            else (_("nee") if t.answered_within_deadline is False else "-"),
        ]
        for t in threads
    ]
    on_time, due = signal_queries.threads_answered_on_time(ctx.region)
    section = {
        "key": "signalen",
        "title": _("Mkb-gemeenschappen, signalen en antwoorden"),
        "figures": [ctx.figure(code) for code in COMMUNITY_CODES],
        "intro": ngettext(
            "%(on_time)s van de %(due)s rode draad met een termijn is op tijd beantwoord.",
            "%(on_time)s van de %(due)s rode draden met een termijn zijn op tijd beantwoord.",
            due,
        )
        % {"on_time": on_time, "due": due},  # fmt: skip
        "tables": [],
        "empty": _("Er zijn geen signalen uit deze regio."),
    }
    if rows:
        section["tables"].append(
            {
                "caption": _("Rode draden met signalen uit deze regio"),
                "columns": [_("Rode draad"), _("Signalen"), _("Status"), _("Op tijd")],
                "rows": rows,
            }
        )
    return section


def result_agreements(ctx: ReportContext) -> dict:
    """The region's agreed targets for the report's year, against the figures of that year up to
    the end of the report's period."""
    year = ctx.period.start.year
    rows = monitoring.result_agreements_for(ctx.region, year)
    # Monitoring's rows count the whole calendar year up to today, with today's definitions: a
    # first-half report would count the second half too, under another version. The stand here
    # stops at the period's end and uses the definitions of the report's other figures.
    if ctx.period.start == datetime.date(year, 1, 1):
        actuals = ctx.figures
    else:
        actuals = monitoring.figures(ctx.scope, monitoring.calendar_year(year))
    section = {
        "key": "resultaatafspraken",
        "title": _("Resultaatafspraken %(year)s") % {"year": year},
        "tables": [],
        "empty": _("Voor %(year)s zijn nog geen resultaatafspraken vastgelegd.") % {"year": year},
    }
    if rows:
        section["intro"] = _("Afgesproken door: %(parties)s.") % {
            "parties": ", ".join(rows[0].parties)
        }
        table_rows = []
        for row in rows:
            actual = actuals.get(row.metric_code)
            name, display, version = (
                (actual.name, actual.display, actual.version)
                if actual
                else (row.metric_name, row.actual_display, row.metric_version)
            )
            table_rows.append(
                [
                    name,
                    row.baseline_display,
                    row.target_display,
                    display,
                    _("versie %(version)s") % {"version": version},
                ]
            )
        section["tables"].append(
            {
                "caption": _(
                    "Afgesproken doelen voor %(year)s tegen de stand van 1 januari tot en met "
                    "%(end)s"
                )
                % {"year": year, "end": _date(ctx.period.end)},  # fmt: skip
                "columns": [
                    _("Kengetal"),
                    _("Nulmeting"),
                    _("Doel"),
                    _("Stand"),
                    _("Definitie"),
                ],
                "rows": table_rows,
            }
        )
    return section


def stories(ctx: ReportContext) -> dict:
    # Only stories with the entrepreneur's consent: a withdrawn one leaves drafts at once.
    chosen = (
        ctx.report.stories.filter(status=StoryStatus.PUBLISHED)
        .select_related("sector", "size_class")
        .order_by("-published_at")
    )
    items = [
        {
            "title": story.title,
            "meta": story.firm_line(),
            "paragraphs": [
                _("De vraag: %s") % story.question,
                _("Wie hielp: %s") % story.helpers,
                _("Wat veranderde: %s") % story.change,
            ],
        }
        for story in chosen
    ]
    return {
        "key": "verhalen",
        "title": _("Verhalen van ondernemers"),
        "entries": items,
        "empty": _("Er zijn geen verhalen gekozen."),
    }


def visitations(ctx: ReportContext) -> dict:
    found = (
        Visitation.objects.filter(host_region=ctx.region, date__lte=ctx.period.end)
        .prefetch_related("peer_regions", "actions")
        .order_by("-date")
    )
    items, open_rows = [], []
    for visit in found:
        peers = ", ".join(r.name for r in visit.peer_regions.all())
        paragraphs = _paragraphs(visit.recommendations) or [_("Nog geen aanbevelingen.")]
        items.append(
            {
                "title": _("Visitatie op %(date)s") % {"date": _date(visit.date)},
                "meta": _("%(status)s. Op bezoek: %(peers)s.")
                % {"status": visit.get_status_display(), "peers": peers},
                "paragraphs": paragraphs,
            }
        )
        for action in visit.actions.all():
            if action.done_at is None:
                open_rows.append([action.description, _date(action.deadline)])
    tables = []
    if open_rows:
        tables.append(
            {
                "caption": _("Open acties uit visitaties"),
                "columns": [_("Actie"), _("Klaar op")],
                "rows": open_rows,
            }
        )
    return {
        "key": "visitaties",
        "title": _("Visitaties en open acties"),
        "entries": items,
        "tables": tables,
        "empty": _("Deze regio had nog geen visitatie."),
    }


def self_assessment(ctx: ReportContext) -> dict:
    rounds = list(
        SelfAssessment.objects.filter(region=ctx.region, status=AssessmentStatus.FINAL).order_by(
            "-round"
        )[:2]
    )
    section = {
        "key": "zelfanalyse",
        "title": _("Zelfanalyse: de verandering"),
        "tables": [],
        "empty": _("Er is nog geen vastgestelde zelfanalyse."),
    }
    if not rounds:
        return section
    latest = rounds[0]
    earlier = rounds[1].label if len(rounds) > 1 else "-"
    rows = []
    for card in learning_queries.assessment_rows(latest):
        for row in card.rows:
            change = "" if row.change is None else f"{row.change:+d}"
            rows.append(
                [
                    row.criterion.text,
                    str(row.previous_level or "-"),
                    str(row.level or "-"),
                    change,
                ]
            )
    section["intro"] = _("Niveau per onderdeel (1 tot 4): %(earlier)s naast %(latest)s.") % {
        "earlier": earlier,
        "latest": latest.label,
    }
    section["tables"].append(
        {
            "caption": _("Zelfanalyse %(earlier)s en %(latest)s")
            % {"earlier": earlier, "latest": latest.label},
            "columns": [_("Onderdeel"), earlier, latest.label, _("Verschil")],
            "rows": rows,
        }
    )
    return section


REGION_SECTIONS: list[Builder] = [
    narrative,
    funnel,
    reach,
    result_agreements,
    development_plan,
    referrals,
    satisfaction,
    catalog,
    interventions,
    signals,
    stories,
    visitations,
    self_assessment,
]


# --- sections of the national roll-up -----------------------------------------------------------
# How a KPI combines over regions, by its registry unit: counts add up; shares, medians and
# scores cannot be added, so the roll-up shows their range over the regions.
ADDITIVE_UNITS = {"bedrijven", "vragen", "doorverwijzingen", "plannen", "deelnames", "signalen"}
ROLLUP_CODES = (*FUNNEL, "firms-reached-broad-sme", *CASEWORK_CODES, *COMMUNITY_CODES)


def published_region_reports(period_code: str) -> list[HalfYearReport]:
    """The latest published version of each region's report for the period."""
    latest: dict[int, HalfYearReport] = {}
    for report in (
        HalfYearReport.objects.filter(
            period=period_code, region__isnull=False, status=ReportStatus.PUBLISHED
        )
        .select_related("region")
        .order_by("region__name", "version")
        .defer("html", "pdf")
    ):
        latest[report.region_id] = report
    return list(latest.values())


def frozen_figures(report: HalfYearReport) -> dict[str, dict]:
    found = {}
    for section in (report.snapshot or {}).get("sections", []):
        for figure in section.get("figures", []):
            found.setdefault(figure["code"], figure)
    return found


def _combine(code: str, figures: list[dict]) -> dict:
    first = figures[0]
    versions = sorted({f["version"] for f in figures})
    combined = {**first, "versions": versions, "version": versions[-1]}
    values = [f["value"] for f in figures]
    if len(versions) > 1:
        combined.update(value=None, display=_("niet op te tellen (versies verschillen)"))
    elif first["unit"] in ADDITIVE_UNITS:
        if any(v is None for v in values):
            combined.update(value=None, display=_("niet op te tellen (kleine aantallen)"))
        else:
            total = int(sum(values))
            combined.update(value=total, display=suppression.single(total).display)
    else:
        known = [v for v in values if v is not None]
        combined["value"] = None
        if known:
            low, high = min(known), max(known)
            unit = first["unit"]
            combined["display"] = _("van %(low)s tot %(high)s") % {
                "low": _pct(low) if unit == "procent" else monitoring._fmt(low, unit),
                "high": _pct(high) if unit == "procent" else monitoring._fmt(high, unit),
            }
        else:
            combined["display"] = _("te weinig gegevens")
    return combined


def national_figures(ctx: ReportContext) -> dict:
    reports = published_region_reports(ctx.period.code)
    frozen = [frozen_figures(r) for r in reports]
    figures = []
    for code in ROLLUP_CODES:
        found = [f[code] for f in frozen if code in f]
        if found:
            figures.append(_combine(code, found))
    rows = []
    for report, found in zip(reports, frozen, strict=True):
        rows.append(
            [report.region.name, f"v{report.version}"]
            + [found[c]["display"] if c in found else "-" for c in FUNNEL]
            + [found[c]["display"] if c in found else "-" for c in ("acceptance-rate", "nps")]
        )
    tables = []
    if rows:
        tables.append(
            {
                "caption": _("Kerncijfers per regio, uit de gepubliceerde rapportages"),
                "columns": [
                    _("Regio"),
                    _("Versie"),
                    _("Bereikt"),
                    _("Geactiveerd"),
                    _("Ondersteund"),
                    _("Acceptatie"),
                    _("NPS"),
                ],
                "rows": rows,
            }
        )
    section = {
        "key": "landelijk",
        "title": _("Cijfers uit de regio's opgeteld"),
        "intro": _(
            "Opgeteld uit %(n)s gepubliceerde regionale rapportages. Aantallen tellen we "
            "op; percentages, medianen en scores niet: daarvan staat de spreiding over "
            "de regio's."
        )
        % {"n": len(reports)},  # fmt: skip
        "figures": figures,
        "tables": tables,
        "empty": _("Er is nog geen regionale rapportage gepubliceerd voor dit halfjaar."),
    }
    if rows:
        section["chart"] = {
            "title": _("Bereikte bedrijven per regio"),
            "desc": _(
                "Staafdiagram van bereikte bedrijven per regio. De tabel geeft dezelfde cijfers."
            ),  # fmt: skip
            "unit": _("bedrijven"),
            "bars": [
                [
                    r.region.name,
                    f.get("firms-reached", {}).get("value"),
                    f.get("firms-reached", {}).get("display", "-"),
                ]
                for r, f in zip(reports, frozen, strict=True)
            ],  # fmt: skip
        }
    return section


def missing_regions(ctx: ReportContext) -> dict:
    done = {r.region_id for r in published_region_reports(ctx.period.code)}
    missing = [r.name for r in Region.objects.order_by("name") if r.pk not in done]
    section = {
        "key": "ontbrekend",
        "title": _("Regio's zonder gepubliceerde rapportage"),
        "empty": _("Alle regio's hebben een gepubliceerde rapportage."),
        "tables": [],
    }
    if missing:
        section["tables"].append(
            {
                "caption": _("Regio's zonder gepubliceerde rapportage voor dit halfjaar"),
                "columns": [_("Regio")],
                "rows": [[name] for name in missing],
            }
        )
    return section


def regional_lessons(ctx: ReportContext) -> dict:
    items = []
    for report in published_region_reports(ctx.period.code):
        lessons = next(
            (
                item
                for section in report.snapshot.get("sections", [])
                if section.get("key") == "verhaal"
                for item in section.get("entries", [])
                if item["title"] == _("Lessen")
            ),
            None,
        )
        if lessons:
            items.append(
                {"title": report.region.name, "meta": "", "paragraphs": lessons["paragraphs"]}
            )
    return {
        "key": "lessen",
        "title": _("Belangrijkste lessen per regio"),
        "entries": items,
        "empty": _("Nog geen lessen: er is geen regionale rapportage gepubliceerd."),
    }


NATIONAL_SECTIONS: list[Builder] = [narrative, national_figures, missing_regions, regional_lessons]


# --- snapshot and rendering -----------------------------------------------------------------------
def build(report: HalfYearReport) -> dict:
    """The report's content now: what a draft shows and what publication freezes."""
    period = monitoring.parse_period(report.period)
    ctx = ReportContext(report, period)
    builders = NATIONAL_SECTIONS if report.is_national else REGION_SECTIONS
    sections = [section for build_section in builders if (section := build_section(ctx))]
    replaces = report.replaces
    return {
        "format": SNAPSHOT_FORMAT,
        "title": _("Halfjaarrapportage %(scope)s, %(period)s")
        % {"scope": report.scope_name, "period": half_year(report.period)},
        "scope": report.scope_name,
        "scope_code": monitoring.Scope("region", region=report.region).code
        if report.region_id
        else "NL",
        "period": {"code": period.code, "start": _date(period.start), "end": _date(period.end)},
        "version": report.version,
        "correction_note": report.correction_note,
        "replaces_version": replaces.version if replaces else None,
        "made_at": date_format(timezone.localtime(), "j F Y, H:i"),
        "metric_versions": sorted(
            {
                f"{f['code']}@v{v}"
                for s in sections
                for f in s.get("figures", [])
                for v in f.get("versions", [f["version"]])
            }
        ),
        "sections": sections,
    }


def bar_chart_svg(chart: dict, chart_id: str) -> str:
    """A small static horizontal bar chart. Every bar carries its number as text, so colour is
    never the only carrier of meaning; the table beside it is the text alternative."""
    bars = chart.get("bars", [])
    label_width, bar_width, row_height = 200, 300, 28
    height = row_height * len(bars) + 10
    width = label_width + bar_width + 90
    top = max([value for _label, value, _display in bars if value is not None] or [0]) or 1
    title_id, desc_id = f"{chart_id}-titel", f"{chart_id}-uitleg"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{title_id} {desc_id}">',
        f'<title id="{title_id}">{escape(chart["title"])}</title>',
        f'<desc id="{desc_id}">{escape(chart.get("desc", ""))}</desc>',
    ]
    for index, (label, value, display) in enumerate(bars):
        y = 5 + index * row_height
        length = round(bar_width * (value or 0) / top)
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 18}" text-anchor="end" font-size="13" '
            f'fill="#1a1a1a">{escape(str(label)[:30])}</text>'
        )
        parts.append(
            f'<rect x="{label_width}" y="{y + 4}" width="{length}" height="18" fill="#154273"/>'
        )
        parts.append(
            f'<text x="{label_width + length + 6}" y="{y + 18}" font-size="13" '
            f'fill="#1a1a1a">{escape(display)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def definitions_used(doc: dict) -> list[str]:
    """The KPI definitions behind the report's figures, in words: "Vragen per ingang (versie 1
    van de definitie, geldig vanaf 1 januari 2024)". The codes stay in the snapshot."""
    names: dict[tuple[str, int], str] = {}
    for section in doc["sections"]:
        for f in section.get("figures", []):
            for version in f.get("versions", [f["version"]]):
                names.setdefault((f["code"], version), f["name"])
    valid_from = {
        (d.code, d.version): d.valid_from
        for d in MetricDefinition.objects.filter(code__in={code for code, _v in names})
    }
    result = []
    for (code, version), name in sorted(names.items(), key=lambda item: (item[1], item[0])):
        day = valid_from.get((code, version))
        if day:
            result.append(
                _("%(name)s (versie %(version)s van de definitie, geldig vanaf %(date)s)")
                % {"name": name, "version": version, "date": _date(day)}
            )
        else:
            result.append(
                _("%(name)s (versie %(version)s van de definitie)")
                % {"name": name, "version": version}
            )
    return result


def render_html(doc: dict, *, draft: bool) -> bytes:
    from django.template.loader import render_to_string

    context = {"doc": doc, "draft": draft, "definitions_used": definitions_used(doc)}
    return render_to_string("learning/reports/document.html", context).encode("utf-8")


@functools.cache
def _font_config():
    # One font configuration per process: building it per PDF costs more than the layout.
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def render_pdf(html: bytes) -> bytes:
    """The PDF from the same HTML (WeasyPrint with Debian's pango); links stay relative."""
    import weasyprint

    document = weasyprint.HTML(string=html.decode("utf-8"), base_url="/")
    return document.write_pdf(font_config=_font_config())


NOTICE_MARK = b"<!--scharnier:notice-->"
STYLE_BLOCK = re.compile(rb"<style>(.*?)</style>", re.S)


def style_hashes(html: bytes) -> list[str]:
    """CSP source expressions for the document's inline style blocks."""
    return [
        f"'sha256-{base64.b64encode(hashlib.sha256(block).digest()).decode()}'"
        for block in STYLE_BLOCK.findall(html)
    ]


def replaced_notice(html: bytes, newer_url: str, newer_version: int) -> bytes:
    """The stored bytes with one sentence where the mark is: this version was replaced."""
    sentence = escape(_("Deze versie is vervangen door versie %s.") % newer_version)
    link = escape(_("Lees de nieuwe versie"))
    notice = (
        f'<p class="notice notice--replaced"><strong>{sentence}</strong> '
        f'<a href="{escape(newer_url)}">{link}</a></p>'
    ).encode()
    return html.replace(NOTICE_MARK, notice, 1)
