"""Read queries on intakes: the question behind the question, across the questions of a region.

What firms ask (the triage themes) beside what they turn out to need (the underlying themes
of the intake), with the profile of the firms behind the questions. Only aggregates leave this
module, protected by monitoring's small-count rule; no text of an intake is read here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from scharnier.catalog.models import Direction, SbiSection, Theme
from scharnier.geography.models import Region
from scharnier.monitoring import suppression
from scharnier.monitoring.registry import BROAD_SME_SIZE_CLASSES, SIZE_CLASSES, size_class_of

from .models import Question

# Company age bands: a starter, a young firm, and the firms of five years or more that the
# Actieagenda's broad SME means ("bedrijven met personeel die langer dan vijf jaar bestaan").
AGE_BANDS = (
    ("0", _("Starter (0 jaar)"), 0, 0),
    ("1-4", _("1 tot 5 jaar"), 1, 4),
    ("5+", _("5 jaar of ouder"), 5, None),
)


def direction_name(code: str) -> str:
    """The direction's label for its code ("" when none is given)."""
    if not code:
        return ""
    term = Direction.objects.filter(code=code).first()
    return term.label if term else code


def sector_name(code: str) -> str:
    """The sector's name for a SBI section code ("" when none is given)."""
    if not code:
        return ""
    section = SbiSection.objects.filter(code=code).first()
    return section.choice_name if section else code


def regions_with_intakes() -> list[Region]:
    ids = Question.objects.filter(intake_at__isnull=False, region__isnull=False).values("region")
    return list(Region.objects.filter(pk__in=ids).order_by("name"))


def profile_known(question: Question) -> bool:
    """Whether anything is known about the firm (from the scan or an intake)."""
    return bool(
        question.direction
        or question.sbi_section
        or question.employees is not None
        or question.company_age_years is not None
    )


def in_broad_sme(employees: int | None) -> bool | None:
    """Whether a firm of this many working persons is in the broad SME (2-50); None: unknown."""
    if employees is None:
        return None
    return size_class_of(employees) in BROAD_SME_SIZE_CLASSES


def age_band(years: int | None) -> str:
    if years is None:
        return ""
    return next(
        code
        for code, _label, low, high in AGE_BANDS
        if years >= low and (high is None or years <= high)
    )


@dataclass
class ThemeRow:
    theme: Theme
    count: suppression.Cell  # intakes that name this theme behind the question
    unasked_share: float | None  # of those, the share where the question itself did not


@dataclass
class ThemePair:
    asked: Theme
    underlying: Theme
    count: int  # only pairs seen at least THRESHOLD times are listed


@dataclass
class Distribution:
    rows: list[tuple[str, suppression.Cell]]  # (label, count)
    known: suppression.Cell  # intakes where this part was filled in


@dataclass
class IntakeOverview:
    region: Region | None
    total: suppression.Cell
    with_themes: suppression.Cell
    differs_share: float | None  # none of the underlying themes was asked
    adds_share: float | None  # at least one underlying theme was not asked
    themes: list[ThemeRow] = field(default_factory=list)
    pairs: list[ThemePair] = field(default_factory=list)
    directions: Distribution | None = None
    sizes: Distribution | None = None
    ages: Distribution | None = None
    broad_sme_share: float | None = None

    @property
    def distributions(self) -> list[tuple[str, Distribution]]:
        return [
            (str(_("Welke kant het bedrijf op wil")), self.directions),
            (str(_("Aantal mensen in het bedrijf")), self.sizes),
            (str(_("Leeftijd van het bedrijf")), self.ages),
        ]


def _distribution(labels: list[tuple[str, str]], values: list[str]) -> Distribution:
    counts = Counter(v for v in values if v)
    cells = suppression.table({code: counts.get(code, 0) for code, _label in labels})
    return Distribution(
        rows=[(str(label), cells[code]) for code, label in labels],
        known=suppression.single(sum(counts.values())),
    )


def intake_overview(region: Region | None = None) -> IntakeOverview:
    """The intakes of one region's questions (all regions when None), in aggregate."""
    questions = Question.objects.filter(intake_at__isnull=False)
    if region is not None:
        questions = questions.filter(region=region)
    rows = list(questions.values_list("pk", "direction", "employees", "company_age_years"))
    ids = [pk for pk, *_rest in rows]
    asked: dict[int, set[int]] = {pk: set() for pk in ids}
    underlying: dict[int, set[int]] = {pk: set() for pk in ids}
    for relation, target in (("themes", asked), ("underlying_themes", underlying)):
        through = getattr(Question, relation).through
        # A subquery, not a list of ids: a year of intakes is more than SQLite's limit.
        links = through.objects.filter(question_id__in=questions.values("pk"))
        for question_id, theme_id in links.values_list("question_id", "theme_id"):
            target[question_id].add(theme_id)
    named = [pk for pk in ids if underlying[pk]]
    differs = sum(1 for pk in named if not underlying[pk] & asked[pk])
    adds = sum(1 for pk in named if underlying[pk] - asked[pk])
    theme_by_pk = {t.pk: t for t in Theme.objects.order_by("position", "label")}
    per_theme = Counter(t for pk in named for t in underlying[pk])
    unasked = Counter(t for pk in named for t in underlying[pk] - asked[pk])
    themes = [
        ThemeRow(
            theme, suppression.single(per_theme[pk]), suppression.share(unasked[pk], per_theme[pk])
        )
        for pk, theme in theme_by_pk.items()
        if per_theme[pk]
    ]
    themes.sort(key=lambda row: -per_theme[row.theme.pk])
    pairs = Counter((a, u) for pk in named for u in underlying[pk] - asked[pk] for a in asked[pk])
    employees = [e for _pk, _d, e, _a in rows if e is not None]
    broad = sum(1 for e in employees if in_broad_sme(e))
    return IntakeOverview(
        region=region,
        total=suppression.single(len(ids)),
        with_themes=suppression.single(len(named)),
        differs_share=suppression.share(differs, len(named)),
        adds_share=suppression.share(adds, len(named)),
        themes=themes,
        pairs=[
            ThemePair(theme_by_pk[a], theme_by_pk[u], n)
            for (a, u), n in pairs.most_common()
            if n >= suppression.THRESHOLD
        ][:10],
        directions=_distribution(
            [(d.code, d.label) for d in Direction.objects.order_by("position")],
            [d for _pk, d, _e, _a in rows],
        ),
        sizes=_distribution(list(SIZE_CLASSES), [size_class_of(e) for e in employees]),
        ages=_distribution(
            [(code, label) for code, label, _low, _high in AGE_BANDS],
            [age_band(a) for _pk, _d, _e, a in rows],
        ),
        broad_sme_share=suppression.share(broad, len(employees)),
    )
