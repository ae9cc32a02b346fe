"""Read queries for the signal board, thread pages, trends and the white-spot matrix hook.

Public figures pass through `public_count`: a count of 1 to 4 is shown as "<5".
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncMonth
from django.db.models.lookups import GreaterThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from scharnier.catalog.models import JourneyPhase, Offer, OfferStatus, ScopeLevel, Theme
from scharnier.catalog.queries import offers_available_in_region
from scharnier.core.exports import Table
from scharnier.geography.models import Region
from scharnier.organisations.models import Organisation, Role
from scharnier.organisations.permissions import Action, has_permission, holds_role, memberships

from . import grouping, subjects
from .models import AnswerFeedback, GroupingState, Signal, Thread, ThreadStatus
from .vocabularies import choices, label

SUPPRESS_BELOW = 5


def public_count(value: int) -> str | int:
    """Public aggregates never show 1-4: they could point to a person."""
    return "<5" if 0 < value < SUPPRESS_BELOW else value


def may_name(count: int | None) -> bool:
    """Whether a public list may name a region or month next to a signal: only when its thread
    holds 5 or more signals from there (`signals_per_region`, `signals_per_month`). Fewer are
    shown as "<5", and naming each signal's region or month would give that count away."""
    return count is not None and count >= SUPPRESS_BELOW


def signals_per_region(signals: QuerySet) -> QuerySet:
    """Rows of thread_id, region_id and n: these signals counted per thread and region (those
    without a region left out). The count a thread page shows per region, and that decides
    whether a public list names a signal's region (`may_name`)."""
    return (
        signals.exclude(region=None)
        .order_by()
        .values("thread_id", "region_id")
        .annotate(n=Count("pk"))
    )


def signals_per_month(signals: QuerySet) -> QuerySet:
    """Rows of thread_id, month (the first moment of a local month) and n: these signals
    counted per thread and month. The thread page's trend, and what decides whether a public
    list names a signal's month (`may_name`)."""
    return (
        signals.order_by()
        .annotate(month=TruncMonth("created_at"))
        .values("thread_id", "month")
        .annotate(n=Count("pk"))
    )


def published_signals(*, kind: str = "", region_slug: str = "") -> QuerySet:
    """Published signals, newest first (no personal data), optionally of one kind or region.

    Each carries `region_named` and `month_named`: whether the public thread page names its
    region and month next to it (`may_name`, with the page's own counts). Filtered by region,
    only the signals that name it are left: a list of the others would give their count away.
    """
    same_region = signals_per_region(
        Signal.objects.filter(thread=OuterRef("thread_id"), region=OuterRef("region_id"))
    ).values("n")
    same_month = (
        signals_per_month(Signal.objects.filter(thread=OuterRef("thread_id")))
        .filter(month=OuterRef("month"))
        .values("n")
    )
    # The same test as `may_name`, in SQL so that filtering and paging stay in the database.
    signals = (
        Signal.objects.filter(is_published=True)
        .annotate(month=TruncMonth("created_at"))
        .annotate(
            region_named=GreaterThanOrEqual(Subquery(same_region), SUPPRESS_BELOW),
            month_named=GreaterThanOrEqual(Subquery(same_month), SUPPRESS_BELOW),
        )
        .select_related("journey_phase", "region", "thread")
        .prefetch_related("themes")
        .order_by("-created_at", "-pk")
    )
    if kind:
        signals = signals.filter(kind=kind)
    if region_slug:
        signals = signals.filter(region__slug=region_slug, region_named=True)
    return signals


def board_threads(
    *,
    status: str = "",
    theme: str = "",
    region: Region | None = None,
    category: str = "",
    overdue: bool = False,
) -> QuerySet:
    threads = Thread.objects.filter(merged_into__isnull=True, signal_count__gt=0)
    if status:
        threads = threads.filter(status=status)
    if overdue:  # waiting for an answer after the deadline
        threads = threads.filter(status=ThreadStatus.IN_PROGRESS, deadline__lt=timezone.localdate())
    if category:
        threads = threads.filter(category=category)
    if theme:
        threads = threads.filter(
            pk__in=Signal.themes.through.objects.filter(theme__code=theme).values(
                "signal__thread_id"
            )
        )
    if region is not None:
        threads = threads.filter(pk__in=Signal.objects.filter(region=region).values("thread_id"))
    # The centroid (10 kB a thread) is for grouping only: lists never read it.
    return threads.select_related("owner").defer("centroid").order_by("-signal_count", "-pk")


def board_table(threads: QuerySet, url_of: Callable[[Thread], str]) -> Table:
    """The board's threads as a download: what the public board shows, counts under 5 as "<5",
    no signal texts. `url_of` gives a thread's full address, so a row leads back to its page."""
    table = Table(
        caption=gettext("Rode draden"),
        headers=[
            gettext("Referentie"),
            gettext("Rode draad"),
            gettext("Soort knelpunt"),
            gettext("Onderwerp"),
            gettext("Signalen"),
            gettext("Status"),
            gettext("Eigenaar"),
            gettext("Antwoord uiterlijk"),
            gettext("Beantwoord op"),
            gettext("Op tijd beantwoord"),
            gettext("Adres"),
        ],
    )
    on_time = {True: gettext("ja"), False: gettext("nee"), None: ""}
    for thread in threads.iterator(chunk_size=500):
        answered = timezone.localtime(thread.answered_at).date() if thread.answered_at else None
        table.rows.append(
            [
                thread.reference,
                thread.title,
                thread.get_category_display() if thread.category else "",
                thread.shown_subject,
                public_count(thread.signal_count),
                thread.get_status_display(),
                thread.owner.name if thread.owner else "",
                thread.deadline.isoformat() if thread.deadline else "",
                answered.isoformat() if answered else "",
                on_time[thread.answered_within_deadline],
                url_of(thread),
            ]
        )
    return table


def board_categories() -> list[tuple[str, str]]:
    """The shared categories (code, label) of the threads on the board now, in list order."""
    present = set(
        Thread.objects.filter(merged_into__isnull=True, signal_count__gt=0)
        .exclude(category="")
        .values_list("category", flat=True)
        .distinct()
    )
    return [(code, name) for code, name in choices("knelpunt_category") if code in present]


@dataclass
class OwnerSuggestion:
    organisation: Organisation
    threads: int


def owner_suggestions(thread: Thread, limit: int = 3) -> list[OwnerSuggestion]:
    """Who owned other threads of this thread's category, most often first (Signalen's
    regiehouder per category, learned from the analysts' own assignments)."""
    if not thread.category:
        return []
    rows = (
        Thread.objects.filter(category=thread.category, owner__isnull=False)
        .exclude(pk=thread.pk)
        .values("owner")
        .annotate(threads=Count("pk"))
        .order_by("-threads", "owner")[:limit]
    )
    owners = Organisation.objects.in_bulk([row["owner"] for row in rows])
    return [OwnerSuggestion(owners[row["owner"]], row["threads"]) for row in rows]


@dataclass
class BoardFigures:
    threads: int
    answered: int
    with_deadline_done: int
    within_deadline: int
    median_days_to_answer: float | None
    replies: int = 0  # replies to "are you satisfied with the answer?"
    satisfied: int = 0

    @property
    def share_within_deadline(self) -> int | None:
        if not self.with_deadline_done:
            return None
        return round(100 * self.within_deadline / self.with_deadline_done)

    @property
    def share_satisfied(self) -> int | None:
        """Share of satisfied replies; None below `SUPPRESS_BELOW` replies (a reply of one or
        two people could be traced back to them)."""
        if self.replies < SUPPRESS_BELOW:
            return None
        return round(100 * self.satisfied / self.replies)


def board_figures() -> BoardFigures:
    """KPI: of the threads answered (or past their deadline), the share answered in time."""
    today = timezone.localdate()
    rows = list(
        Thread.objects.filter(merged_into__isnull=True, deadline__isnull=False).values_list(
            "deadline", "answered_at", "assigned_at"
        )
    )
    done = [(d, a, s) for d, a, s in rows if a is not None or d < today]
    in_time = sum(1 for d, a, _ in done if a is not None and timezone.localtime(a).date() <= d)
    durations = sorted(
        (timezone.localtime(a) - timezone.localtime(s)).days
        for _, a, s in rows
        if a is not None and s is not None
    )
    median = None
    if durations:
        mid = len(durations) // 2
        median = durations[mid] if len(durations) % 2 else (durations[mid - 1] + durations[mid]) / 2
    counts = Thread.objects.filter(merged_into__isnull=True, signal_count__gt=0).aggregate(
        total=Count("pk"),
        answered=Count("pk", filter=Q(status__in=[ThreadStatus.ANSWERED, ThreadStatus.CLOSED])),
    )
    replies = AnswerFeedback.objects.filter(given_at__isnull=False).aggregate(
        replies=Count("pk"), satisfied=Count("pk", filter=Q(satisfied=True))
    )
    return BoardFigures(
        threads=counts["total"],
        answered=counts["answered"],
        with_deadline_done=len(done),
        within_deadline=in_time,
        median_days_to_answer=median,
        replies=replies["replies"],
        satisfied=replies["satisfied"],
    )


def answer_feedback(thread: Thread) -> list[AnswerFeedback]:
    """The replies to the thread's answer, newest first: for its handlers only (free text)."""
    return list(thread.feedback.filter(given_at__isnull=False).order_by("-given_at", "-pk"))


def visible_signals(user, thread: Thread) -> QuerySet:
    """The signals of a thread this user may read in full: published ones, plus staff scope."""
    signals = thread.signals.select_related("region").prefetch_related("themes")
    if has_permission(user, Action.VIEW_UNPUBLISHED_SIGNALS, None):
        return signals
    region_ids = staff_region_ids(user)
    return signals.filter(Q(is_published=True) | Q(region_id__in=region_ids))


# Longer texts stay cut in the heading (the title field's length); the page then shows them whole
# under it.
MAX_HEADING = 200


def thread_heading(thread: Thread, signals: list[Signal]) -> tuple[str, str]:
    """The thread page's heading, and the whole text to show under it when that stays cut.

    An automatic title is a published text cut at a word (services._shorten), short for the
    board; on the thread's own page the heading gives the whole of that public text."""
    title = thread.title
    if thread.title_locked or not title.endswith("…"):
        return title, ""
    start = title[:-1]
    for signal in signals:
        text = " ".join(signal.text.split())
        if signal.is_published and text.startswith(start) and len(text) > len(start):
            return (text, "") if len(text) <= MAX_HEADING else (title, text)
    return title, ""


def staff_region_ids(user) -> list[int]:
    """Regions whose unpublished signals this user may read (regional staff)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        user.memberships.filter(
            role__in=[Role.REGIONAL_DIRECTOR, Role.SCHAKELTEAM_MEMBER]
        ).values_list("region_id", flat=True)
    )


@dataclass
class ThreadFacts:
    trend: list[tuple[str, str | int]]  # (YYYY-MM, public count)
    regions: list[tuple[str, str | int]]
    themes: list[Theme]
    phases: list[JourneyPhase]
    kinds: list[tuple[str, str | int]]
    regional_offers: list[Offer]  # available in a region of the signals, not national
    national_offers: list[Offer]
    # What the offers were chosen by (the page's empty state says which search found none).
    offers_theme: Theme | None = None
    offers_national_only: bool = False  # no signal names a region: national offers only
    offers_elsewhere: bool = False  # offers with the theme exist, outside these regions
    # Regions (ids) and months (YYYY-MM) whose count the page shows as "<5": a public list of
    # the signals does not name them next to a signal (`name_places`).
    few_regions: frozenset[int] = frozenset()
    few_months: frozenset[str] = frozenset()

    @property
    def related_offers(self) -> list[Offer]:
        return self.regional_offers + self.national_offers


def thread_facts(thread: Thread, *, exact: bool = False) -> ThreadFacts:
    """A thread's trend, regions and kinds; counts below 5 suppressed unless `exact` (staff
    who handle the thread see what they work with; public pages never)."""
    count = (lambda n: n) if exact else public_count
    signals = Signal.objects.filter(thread=thread)
    months = [m for m in signals_per_month(signals).order_by("month") if m["month"]]
    regions = list(signals_per_region(signals))
    names = dict(
        Region.objects.filter(pk__in=[r["region_id"] for r in regions]).values_list("pk", "name")
    )
    for row in regions:
        row["region__name"] = names[row["region_id"]]
    regions.sort(key=lambda r: (-r["n"], r["region__name"]))
    kinds = signals.values("kind").annotate(n=Count("pk")).order_by("-n")
    theme_counts = Counter(
        Signal.themes.through.objects.filter(signal__thread=thread).values_list(
            "theme_id", flat=True
        )
    )
    themes = sorted(
        Theme.objects.filter(pk__in=theme_counts), key=lambda t: (-theme_counts[t.pk], t.position)
    )
    phase_ids = set(signals.exclude(journey_phase=None).values_list("journey_phase_id", flat=True))
    phases = list(JourneyPhase.objects.filter(pk__in=phase_ids))
    region_ids = set(names)
    offers = _thread_offers(thread, themes, phases, list(Region.objects.filter(pk__in=region_ids)))
    return ThreadFacts(
        trend=[(f"{r['month']:%Y-%m}", count(r["n"])) for r in months],
        regions=[(r["region__name"], count(r["n"])) for r in regions],
        themes=themes,
        phases=phases,
        kinds=[(label("signal_kind", r["kind"]), count(r["n"])) for r in kinds],
        regional_offers=offers.regional,
        national_offers=offers.national,
        offers_theme=offers.theme,
        offers_national_only=not region_ids,
        offers_elsewhere=offers.elsewhere,
        few_regions=frozenset(r["region_id"] for r in regions if not (exact or may_name(r["n"]))),
        few_months=frozenset(
            f"{r['month']:%Y-%m}" for r in months if not (exact or may_name(r["n"]))
        ),
    )


def name_places(signals: list[Signal], facts: ThreadFacts) -> None:
    """Set `shown_region` and `shown_month` on each signal of a thread page's list.

    The list must not give away a count the page suppresses: a signal whose region (or
    month) has "<5" signals in the thread names "een regio" (or only the year). Where counts
    are exact (staff who handle the thread) `facts` suppresses nothing, so all is named."""
    for signal in signals:
        local = timezone.localtime(signal.created_at)
        if signal.region_id is None:
            signal.shown_region = gettext("landelijk")
        elif signal.region_id in facts.few_regions:
            signal.shown_region = gettext("een regio")
        else:
            signal.shown_region = signal.region.name
        if f"{local:%Y-%m}" in facts.few_months:
            signal.shown_month = str(local.year)
        else:
            signal.shown_month = date_format(local, "F Y")


# Offers shown per group (in the regions, national): a group never crowds out the other.
RELATED_OFFERS = 5


@dataclass
class _ThreadOffers:
    theme: Theme | None
    regional: list[Offer]
    national: list[Offer]
    elsewhere: bool


def _thread_offers(
    thread: Thread, themes: list[Theme], phases: list[JourneyPhase], regions: list[Region]
) -> _ThreadOffers:
    """Active offers about the thread's main theme that reach a firm where its signals come
    from: offers available in a region of its signals first, then national ones, each by
    title; only national ones when no signal names a region. The theme is the key; the phases
    of the signals narrow each list only while some offer is left in it.

    Themes the raisers chose come first; without them, those of the thread's suggested
    subject (its writer gave each subject catalogue themes). No ranking by the matcher: a
    thread is not a question (tried, mixed results; matching/NOTES.md, session 36).
    """
    theme = themes[0] if themes else None
    if theme is None and thread.shown_subject:
        codes = subjects.subject_themes(thread.subject_tree, thread.subject_code)
        theme = Theme.objects.filter(code__in=codes[:1]).first()
    if theme is None:
        return _ThreadOffers(None, [], [], False)
    with_theme = Offer.objects.with_status(OfferStatus.ACTIVE).filter(themes=theme)
    national = with_theme.filter(scope_level=ScopeLevel.NATIONAL)
    regional = with_theme.none()
    if regions:
        reach = Q()
        for region in regions:
            reach |= Q(pk__in=offers_available_in_region(region).values("pk"))
        regional = with_theme.filter(reach).exclude(scope_level=ScopeLevel.NATIONAL)

    def first(offers: QuerySet) -> list[Offer]:
        if phases and (narrowed := offers.filter(journey_phases__in=phases)).exists():
            offers = narrowed
        offers = offers.distinct().select_related("provider").order_by("title", "pk")
        return list(offers[:RELATED_OFFERS])

    found = _ThreadOffers(theme, first(regional), first(national), False)
    found.elsewhere = not (found.regional or found.national) and with_theme.exists()
    return found


def _previous_month(day: date) -> date:
    return date(day.year - 1, 12, 1) if day.month == 1 else date(day.year, day.month - 1, 1)


TREND_DIMENSIONS = ("theme", "category")


def theme_trends(months: int = 12, by: str = "theme") -> dict:
    """Signals per month, nationally and per region (for 'which themes rise where').

    `by` "theme": per theme the raiser chose (a signal with two themes counts in both);
    "category": per kind of knelpunt of the signal's thread (signals in a thread without a
    kind do not count).
    """
    if by not in TREND_DIMENSIONS:
        raise ValueError(f"unknown trend dimension {by!r}")
    today = timezone.localdate()
    start = date(today.year, today.month, 1)
    for _ in range(months - 1):
        start = _previous_month(start)
    if by == "theme":
        rows = (
            Signal.themes.through.objects.filter(signal__created_at__date__gte=start)
            .annotate(
                month=TruncMonth("signal__created_at"),
                area=F("signal__region__name"),
                key=F("theme__label"),
            )
            .values("key", "area", "month")
            .annotate(n=Count("pk"))
        )
    else:
        rows = (
            Signal.objects.filter(created_at__date__gte=start)
            .exclude(thread__category="")
            .exclude(thread=None)
            .annotate(
                month=TruncMonth("created_at"), area=F("region__name"), key=F("thread__category")
            )
            .values("key", "area", "month")
            .annotate(n=Count("pk"))
        )
    name = (lambda key: key) if by == "theme" else (lambda key: label("knelpunt_category", key))
    national: dict[str, Counter] = defaultdict(Counter)
    regional: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for row in rows:
        month = f"{row['month']:%Y-%m}"
        key = name(row["key"])
        national[key][month] += row["n"]
        if row["area"]:
            regional[row["area"]][key][month] += row["n"]
    month_keys = []
    cursor = start
    for _ in range(months):
        month_keys.append(f"{cursor:%Y-%m}")
        cursor = date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
    return {"months": month_keys, "national": national, "regional": regional}


def signals_per_theme_and_phase(
    municipality_codes: frozenset[str] | None = None, region: Region | None = None
) -> dict[tuple[str, str], int]:
    """Demand-side evidence for the white-spot matrix: signal counts per (theme, phase) code.

    Only signals that name a journey phase count. `municipality_codes` limits them to an area
    (a signal counts where it was raised; one with only a region counts in `region`); None
    counts the whole country.
    """
    links = Signal.themes.through.objects.filter(signal__journey_phase__isnull=False)
    if municipality_codes is not None:
        here = Q(signal__municipality__code__in=municipality_codes)
        if region is not None:
            here |= Q(signal__municipality__isnull=True, signal__region=region)
        links = links.filter(here)
    rows = (
        links.values_list("theme__code", "signal__journey_phase__code")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(theme, phase): n for theme, phase, n in rows}


def confirmed_signal_count() -> int:
    """Signals an analyst confirmed, as a regroup counts them (`services.regroup`): placed by
    hand (pinned) or in a thread in handling (an owner, or a status past nieuw)."""
    in_handling = Q(thread__owner__isnull=False) | ~Q(thread__status=ThreadStatus.NEW)
    return Signal.objects.filter(Q(pinned=True) | in_handling, thread__isnull=False).count()


def regroup_due() -> bool:
    """Signals arrived (or left) since the last full regroup, or there never was one, or the
    threads' centroids are of an older vector layout (which one-by-one assignment skips), or
    analysts confirmed signals since (their decisions teach the meaning directions), or the
    last regroup kept no centre per source (it predates them)."""
    state = GroupingState.objects.order_by("pk").first()
    count = Signal.objects.count()
    if state is None:
        return count > 0
    centroid = (
        Thread.objects.filter(merged_into__isnull=True)
        .exclude(centroid=None)
        .values_list("centroid", flat=True)
        .first()
    )
    if centroid is not None and len(centroid) != 4 * grouping.vector_dim():  # float32
        return True
    if state.signal_count and not state.source_keys:
        return True
    return state.signal_count != count or state.confirmed_count != confirmed_signal_count()


def region_threads(region: Region, limit: int = 5) -> list[Thread]:
    """The threads that hold the most signals from this region, for its public page. Each
    carries `from_region` and `few_from_region`: fewer than 5 are shown as "<5", as on the
    thread page (`may_name`)."""
    threads = (
        # Filtered first, so the count is of this region's signals only (one indexed join).
        Thread.objects.filter(merged_into__isnull=True, signals__region=region)
        .annotate(from_region=Count("signals"))
        .select_related("owner")
        .defer("centroid")
        .order_by("-from_region", "-pk")
    )
    chosen = list(threads[:limit])
    for thread in chosen:
        thread.few_from_region = not may_name(thread.from_region)
    return chosen


def threads_answered_on_time(region: Region) -> tuple[int, int]:
    """(answered on time, with a deadline that has passed or an answer) for the threads that
    hold signals from this region."""
    today = timezone.localdate()
    threads = Thread.objects.filter(signals__region=region, deadline__isnull=False).distinct()
    due = [t for t in threads if t.answered_at is not None or t.deadline < today]
    return sum(1 for t in due if t.answered_within_deadline), len(due)


def raises_signals(user) -> bool:
    """Who raises signals as staff: regional staff, providers, national analysts."""
    return holds_role(
        user,
        Role.REGIONAL_DIRECTOR,
        Role.SCHAKELTEAM_MEMBER,
        Role.PROVIDER_EDITOR,
        Role.NATIONAL_ANALYST,
    )


# A thread that still asks something of its owner: an answer (in handling), or a closing step
# or an addition to the answer (answered). Closed and rejected threads ask nothing more.
AWAITING_OWNER = (ThreadStatus.IN_PROGRESS, ThreadStatus.ANSWERED)


def threads_to_answer(user) -> QuerySet:
    """The threads this user may answer (`Action.ANSWER_THREAD`: an editor of the owner or of
    the organisation above it) that still ask something of them: open ones first, the nearest
    deadline first, then answered ones. Closed and rejected threads are left out."""
    organisations = [
        m.organisation_id
        for m in memberships(user)
        if m.role == Role.PROVIDER_EDITOR and m.organisation_id
    ]
    if not organisations:
        return Thread.objects.none()
    return (
        Thread.objects.filter(merged_into__isnull=True, status__in=AWAITING_OWNER)
        .filter(Q(owner_id__in=organisations) | Q(owner__parent_id__in=organisations))
        .select_related("owner")
        .defer("centroid")
        .annotate(open=Q(status=ThreadStatus.IN_PROGRESS))
        .order_by("-open", F("deadline").asc(nulls_last=True), "-answered_at", "-pk")
    )


def answers_menu_entry(user) -> bool:
    """The work menu's "Te beantwoorden": for editors whose organisation owns a thread that
    still asks something of them (not closed or rejected)."""
    return holds_role(user, Role.PROVIDER_EDITOR) and threads_to_answer(user).exists()


def answers_home(user) -> str | None:
    """Where an owner's editor starts while a thread given to the organisation waits for its
    answer (a deadline runs); once everything is answered, their usual start page."""
    if not holds_role(user, Role.PROVIDER_EDITOR):
        return None
    waiting = threads_to_answer(user).filter(status=ThreadStatus.IN_PROGRESS).exists()
    return reverse("signals:to-answer") if waiting else None


def signal_menu_entry(user) -> bool:
    """The work menu's "Signaal vastleggen": for providers and national analysts, whose menus
    are short; regional staff raise signals from the board and their community pages (their
    menu is full at 1280 px)."""
    return holds_role(user, Role.PROVIDER_EDITOR, Role.NATIONAL_ANALYST)
