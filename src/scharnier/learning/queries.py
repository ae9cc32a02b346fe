"""Reads of the learning cycle, shared by pages, API and export."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from scharnier.casework.models import Question
from scharnier.casework.permissions import can_handle_question
from scharnier.catalog.models import Offer, SbiSection, Theme
from scharnier.geography.models import Province, Region
from scharnier.matching import scan
from scharnier.matching.models import Plan
from scharnier.organisations.models import OrganisationKind, RegionalRole

from . import framework
from .models import (
    INTERVENTIONS_AIMED_PER_YEAR,
    ActionItem,
    HalfYearReport,
    Intervention,
    ProvinceEffort,
    ReportStatus,
    ScanFollowUp,
    SelfAssessment,
    Story,
    StoryStatus,
    Visitation,
)
from .permissions import (
    Action,
    has_permission,
    own_organisation_ids,
    own_province_ids,
    own_region_ids,
    visible_region_ids,
)


# --- Stories ----------------------------------------------------------------------------------
def published_stories(
    *,
    region: Region | None = None,
    theme: Theme | None = None,
    sector: SbiSection | None = None,
) -> QuerySet:
    """The stories the public may see: published, consent not withdrawn."""
    stories = Story.objects.filter(status=StoryStatus.PUBLISHED).select_related(
        "region", "sector", "size_class"
    )
    if region is not None:
        stories = stories.filter(region=region)
    if theme is not None:
        stories = stories.filter(themes=theme)
    if sector is not None:
        stories = stories.filter(sector=sector)
    return stories.prefetch_related(
        "themes", Prefetch("offers", Offer.objects.only("pk", "public_id", "title"))
    )


def stories_like(
    *,
    themes: Iterable[Theme],
    region: Region | None = None,
    sbi_section: str = "",
    limit: int = 3,
) -> list[Story]:
    """Published stories about one of `themes` ("how other entrepreneurs went about it", on a
    plan): those of a firm in the same sector (`sbi_section`, a code) first, then those of
    `region`, then the most shared themes, then the newest."""
    theme_ids = [t.pk for t in themes]
    if not theme_ids:
        return []
    sector_first = Value(1)
    if sbi_section:
        sector_first = Case(When(sector__code=sbi_section, then=Value(0)), default=Value(1))
    region_first = Value(1)
    if region is not None:
        region_first = Case(When(region=region, then=Value(0)), default=Value(1))
    about = Story.themes.through.objects.filter(story_id=OuterRef("pk"), theme_id__in=theme_ids)
    shared = about.values("story_id").annotate(n=Count("pk")).values("n")
    stories = (
        published_stories()
        .filter(Exists(about))
        .annotate(shared=Subquery(shared), other_sector=sector_first, elsewhere=region_first)
        .order_by("other_sector", "elsewhere", "-shared", "-published_at", "-created_at", "-pk")
    )
    return list(stories[:limit])


def published_story(public_id) -> Story | None:
    return published_stories().filter(public_id=public_id).first()


def story_for_token(token: str, token_hash: str) -> Story | None:
    """The story behind a consent link, while the link works (None: unknown or expired)."""
    if not token:
        return None
    story = Story.objects.filter(consent_token_hash=token_hash).select_related("region").first()
    if story is None or story.consent_token_expires_at is None:
        return None
    if story.consent_token_expires_at < timezone.now():
        return None
    return story


def staff_stories(user) -> QuerySet:
    """Stories this user may see as drafts (all statuses), newest first."""
    stories = Story.objects.select_related("region", "organisation", "sector")
    candidates = stories.exclude(status=StoryStatus.WITHDRAWN)
    ids = [s.pk for s in candidates if has_permission(user, Action.SEE_STORY_DRAFTS, s)]
    return stories.filter(pk__in=ids).order_by("-created_at")


def story_regions(user) -> QuerySet:
    ids = [r.pk for r in Region.objects.all() if has_permission(user, Action.DRAFT_STORY, r)]
    return Region.objects.filter(pk__in=ids)


# --- Self-assessment --------------------------------------------------------------------------
def assessments_of(region: Region) -> list[SelfAssessment]:
    return list(SelfAssessment.objects.filter(region=region).order_by("round"))


def regions_for(user, action: Action) -> QuerySet:
    ids = visible_region_ids(user, action)
    regions = Region.objects.all()
    return regions if ids is None else regions.filter(pk__in=ids)


@dataclass
class CriterionRow:
    criterion: framework.Criterion
    level: int | None
    level_label: str
    evidence: str
    live_evidence: str
    previous_level: int | None
    change: int | None


@dataclass
class CardRows:
    code: str
    title: str
    rows: list[CriterionRow] = field(default_factory=list)


def assessment_rows(assessment: SelfAssessment) -> list[CardRows]:
    """The framework with this round's scores, the previous round's level and the change."""
    previous = (
        SelfAssessment.objects.filter(region=assessment.region, round__lt=assessment.round)
        .order_by("-round")
        .first()
    )
    before = {s.criterion: s.level for s in previous.scores.all()} if previous else {}
    scores = {s.criterion: s for s in assessment.scores.all()}
    labels = framework.level_labels()
    cards = []
    by_card = {}
    for card in framework.framework()["kansenkaarten"]:
        by_card[card["code"]] = CardRows(card["code"], card["title"])
        cards.append(by_card[card["code"]])
    for criterion in framework.criteria():
        score = scores.get(criterion.code)
        level = score.level if score else None
        earlier = before.get(criterion.code)
        by_card[criterion.kansenkaart].rows.append(
            CriterionRow(
                criterion=criterion,
                level=level,
                level_label=labels.get(level, ""),
                evidence=score.evidence if score else "",
                live_evidence=score.live_evidence if score else "",
                previous_level=earlier,
                change=(level - earlier) if level is not None and earlier is not None else None,
            )
        )
    return cards


# --- Visitation -------------------------------------------------------------------------------
def _visitations() -> QuerySet:
    return Visitation.objects.select_related(
        "host_region", "entrepreneurs_organisation"
    ).prefetch_related("peer_regions", "actions")


def visible_visitations(user) -> list[Visitation]:
    return [v for v in _visitations() if has_permission(user, Action.VIEW_VISITATION, v)]


def visitation(public_id) -> Visitation | None:
    return _visitations().filter(public_id=public_id).first()


@dataclass(frozen=True)
class RegionVisitation:
    visitation: Visitation
    as_host: bool
    open_actions: int
    done_actions: int


def region_visitations(region: Region) -> list[RegionVisitation]:
    """Visitations the region hosted or took part in, for its public page (no findings)."""
    found = _visitations().filter(Q(host_region=region) | Q(peer_regions=region)).distinct()
    rows = []
    for item in found:
        actions = list(item.actions.all())
        done = sum(1 for a in actions if a.done_at)
        rows.append(
            RegionVisitation(item, item.host_region_id == region.pk, len(actions) - done, done)
        )
    return rows


def open_actions(visitation: Visitation) -> list[ActionItem]:
    return [a for a in visitation.actions.all() if a.done_at is None]


# --- Province ---------------------------------------------------------------------------------
def province_slug(province: Province) -> str:
    return slugify(province.name)


def province_by_slug(slug: str) -> Province | None:
    return next((p for p in Province.objects.all() if province_slug(p) == slug), None)


def province_home(user) -> str | None:
    """The provincial role starts at its province's page."""
    province_ids = sorted(own_province_ids(user))
    if not province_ids:
        return None
    province = Province.objects.filter(pk=province_ids[0]).first()
    return reverse("learning:province", args=[province_slug(province)]) if province else None


def is_own_province_page(user, path: str) -> bool:
    """The page of a province the user works for ("Mijn provincie" is current there)."""
    return any(
        path.startswith(reverse("learning:province", args=[province_slug(province)]))
        for province in Province.objects.filter(pk__in=own_province_ids(user))
    )


def provinces() -> list[tuple[Province, str]]:
    return [(p, province_slug(p)) for p in Province.objects.order_by("name")]


@dataclass
class ProvincePage:
    province: Province
    slug: str
    effort: ProvinceEffort | None
    regions: list[Region]
    offers: list[Offer]
    offer_count: int


def province_page(province: Province, offer_limit: int = 20) -> ProvincePage:
    effort = (
        ProvinceEffort.objects.filter(province=province)
        .prefetch_related("themes", "first_line_organisations")
        .first()
    )
    regions = list(
        Region.objects.filter(municipalities__province=province).distinct().order_by("name")
    )
    offers = (
        Offer.objects.filter(
            is_archived=False,
            provider__kind=OrganisationKind.PROVINCIE,
            provider__province=province,
        )
        .select_related("provider")
        .order_by("title")
    )
    return ProvincePage(
        province,
        province_slug(province),
        effort,
        regions,
        list(offers[:offer_limit]),
        offers.count(),
    )


def province_regions_for(user, province: Province) -> list[dict]:
    """The province's regions with what this user may read about them."""
    rows = []
    for region in (
        Region.objects.filter(municipalities__province=province).distinct().order_by("name")
    ):
        rows.append(
            {
                "region": region,
                "assessments": assessments_of(region)
                if has_permission(user, Action.VIEW_ASSESSMENT, region)
                else None,
            }
        )
    return rows


# --- The entrepreneur's own T1 ----------------------------------------------------------------
def follow_up_of(plan: Plan) -> ScanFollowUp | None:
    return ScanFollowUp.objects.filter(later=plan).select_related("earlier", "later").first()


@dataclass(frozen=True)
class AnswerChange:
    question: str
    before: str
    after: str
    changed: bool


def scan_comparison(earlier: Plan, later: Plan) -> list[AnswerChange]:
    """Each scan question with the T0 and T1 answer side by side."""
    rows = []
    for question in scan.questions():
        options = dict(question.options)
        before = options.get(str(earlier.answers.get(question.code)), "-")
        after = options.get(str(later.answers.get(question.code)), "-")
        rows.append(AnswerChange(question.text, before, after, before != after))
    return rows


def priority_themes(plan: Plan) -> list[str]:
    names = {t.code: t.label for t in Theme.objects.all()}
    return [names.get(p["theme"], p["theme"]) for p in plan.priorities]


def own_story_region(user) -> Region | None:
    """The region a new story is about at first: the user's own, when there is exactly one."""
    ids = own_region_ids(user)
    return story_regions(user).filter(pk__in=ids).first() if len(ids) == 1 else None


def story_offers(user, story: Story | None = None) -> QuerySet:
    """Offers a story can name, a list short enough to tick: those of the parties at the
    user's own regional table and of the user's own organisation (a provider editor: its own
    offers), those of the edited story's region and the offers the story names already."""
    region_ids = set(own_region_ids(user))
    if story is not None:
        region_ids.add(story.region_id)
    if not region_ids and not own_organisation_ids(user):  # an administrator: every region
        region_ids = {r.pk for r in story_regions(user)}
    organisation_ids = set(
        RegionalRole.objects.filter(region_id__in=region_ids).values_list(
            "organisation_id", flat=True
        )
    )
    organisation_ids |= own_organisation_ids(user)
    chosen = Q(is_archived=False, provider_id__in=organisation_ids)
    if story is not None:
        chosen |= Q(pk__in=story.offers.values("pk"))
    return Offer.objects.filter(chosen).order_by("title")


def casework_question(user, reference: str) -> Question | None:
    """The casework question with this reference, when the user handles it."""
    question = Question.objects.filter(reference=reference.strip().upper()).first()
    if question is None or not can_handle_question(user, question):
        return None
    return question


# --- Half-year reports ------------------------------------------------------------------------
def _current_published() -> QuerySet:
    return (
        HalfYearReport.objects.filter(status=ReportStatus.PUBLISHED)
        .exclude(replaced_by__status=ReportStatus.PUBLISHED)
        .select_related("region")
        .defer("html", "pdf", "snapshot")
    )


def published_reports(*, region: Region | None = None) -> list[HalfYearReport]:
    """The current version of each published report (of one region, or all), newest period first."""
    found = _current_published()
    if region is not None:
        found = found.filter(region=region)
    return list(found.order_by("-period", "region__name"))


@dataclass
class ArchivePeriod:
    period: str
    national: list[HalfYearReport]
    regions: list[HalfYearReport]


def report_archive() -> list[ArchivePeriod]:
    """Every published version per period: the national roll-up first, then the regions; older
    versions stay listed (they say they were replaced)."""
    found = (
        HalfYearReport.objects.filter(status=ReportStatus.PUBLISHED)
        .select_related("region", "replaced_by")
        .defer("html", "pdf", "snapshot")
        .order_by("-period", "region__name", "version")
    )
    periods: dict[str, ArchivePeriod] = {}
    for report in found:
        entry = periods.setdefault(report.period, ArchivePeriod(report.period, [], []))
        (entry.national if report.region_id is None else entry.regions).append(report)
    return list(periods.values())


def report_drafts(user) -> list[HalfYearReport]:
    """Unpublished reports this user may see (to edit, approve or follow)."""
    found = (
        HalfYearReport.objects.exclude(status=ReportStatus.PUBLISHED)
        .select_related("region")
        .defer("html", "pdf", "snapshot")
        .order_by("-period", "region__name")
    )
    return [r for r in found if has_permission(user, Action.SEE_REPORT_DRAFT, r)]


def report_regions(user) -> list[Region]:
    """Regions for which this user may start a report."""
    return [
        r for r in Region.objects.order_by("name") if has_permission(user, Action.DRAFT_REPORT, r)
    ]


def open_report(region: Region | None, period: str) -> HalfYearReport | None:
    """The version of a scope's report for the period that is still being made (not published)."""
    latest = (
        HalfYearReport.objects.filter(region=region, period=period)
        .defer("html", "pdf", "snapshot")
        .order_by("-version")
        .first()
    )
    return latest if latest is not None and latest.status != ReportStatus.PUBLISHED else None


def report(public_id) -> HalfYearReport | None:
    return (
        HalfYearReport.objects.select_related("region", "replaces")
        .filter(public_id=public_id)
        .first()
    )


def newer_version(report: HalfYearReport) -> HalfYearReport | None:
    return (
        HalfYearReport.objects.filter(replaces=report, status=ReportStatus.PUBLISHED)
        .defer("html", "pdf", "snapshot")
        .first()
    )


def selectable_stories(region: Region) -> QuerySet:
    """Stories a region's report can show: published ones (with consent) of that region."""
    return Story.objects.filter(region=region, status=StoryStatus.PUBLISHED).order_by(
        "-published_at"
    )


# --- Interventions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class InterventionYear:
    """A region's interventions carried out in one calendar year, against the aim."""

    year: int
    done: int

    @property
    def aim_reached(self) -> bool:
        return self.done >= INTERVENTIONS_AIMED_PER_YEAR[0]

    @property
    def to_go(self) -> int:
        return max(INTERVENTIONS_AIMED_PER_YEAR[0] - self.done, 0)


def interventions_of(region: Region) -> list[Intervention]:
    """Planned ones first, then the carried-out ones, newest first."""
    return list(Intervention.objects.filter(region=region))


def intervention_years(region: Region, today=None) -> list[InterventionYear]:
    """Counts per year in which the region carried out interventions; this year always shows."""
    this_year = (today or timezone.localdate()).year
    counts = dict(
        Intervention.objects.filter(region=region, done_on__isnull=False)
        .values_list("done_on__year")
        .annotate(n=Count("pk"))
        .values_list("done_on__year", "n")
    )
    counts.setdefault(this_year, 0)
    return [InterventionYear(year, counts[year]) for year in sorted(counts, reverse=True)]


@dataclass(frozen=True)
class RegionInterventions:
    region: Region
    per_year: dict[int, int]
    planned: int


def interventions_per_region(today=None) -> tuple[list[int], list[RegionInterventions]]:
    """Every region with its carried-out interventions per year and the planned ones; the
    years run from the first intervention to this year."""
    this_year = (today or timezone.localdate()).year
    done = defaultdict(dict)
    for region_id, year, n in (
        Intervention.objects.filter(done_on__isnull=False)
        .values_list("region_id", "done_on__year")
        .annotate(n=Count("pk"))
        .values_list("region_id", "done_on__year", "n")
    ):
        done[region_id][year] = n
    planned = dict(
        Intervention.objects.filter(done_on__isnull=True)
        .values_list("region_id")
        .annotate(n=Count("pk"))
        .values_list("region_id", "n")
    )
    first = min((y for by_year in done.values() for y in by_year), default=this_year)
    years = list(range(min(first, this_year), this_year + 1))
    rows = [
        RegionInterventions(region, done.get(region.pk, {}), planned.get(region.pk, 0))
        for region in Region.objects.order_by("name")
    ]
    return years, rows
