"""Read queries for casework: inboxes, timelines, SLA signals and NPS aggregates.

Inbox lists carry no personal data (reference, municipality, themes, age, status), so that
browsing an inbox is not a read of personal data; opening one question is, and is audited.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from scharnier.geography.models import Region
from scharnier.organisations.models import Organisation

from . import permissions
from .deadlines import closures_from, provider_closures_from
from .links import read_status_token
from .models import (
    CaseEvent,
    EventKind,
    Feedback,
    Outcome,
    ProviderClosure,
    Question,
    QuestionStatus,
    Referral,
    ReferralStatus,
    RegionClosure,
)

# Aggregates over fewer answers than this are not shown (small numbers identify people).
MIN_AGGREGATE_COUNT = 5
SLA_WARNING = datetime.timedelta(days=1)
NATIONAL_QUEUE = "landelijk"


@dataclass(frozen=True)
class InboxFilters:
    status: str = ""  # a QuestionStatus, "open" (default: not closed) or "alle"
    theme: str = ""  # a Theme code
    urgency: str = ""
    sla: str = ""  # "te-laat", "bijna" or "aanbieder-te-laat" (a referral past its term)
    reference: str = ""
    returned: bool = False


def overdue_referrals(now: datetime.datetime) -> QuerySet[Referral]:
    """Referrals the provider neither accepted nor declined within their term."""
    return Referral.objects.filter(status=ReferralStatus.SENT, response_due_at__lt=now)


def sla_state(question: Question, now: datetime.datetime | None = None) -> str:
    """'beantwoord', 'te-laat', 'bijna' (within a day of the target) or 'op-tijd'."""
    if question.first_response_at is not None:
        return "beantwoord"
    now = now or timezone.now()
    if question.response_due_at < now:
        return "te-laat"
    if question.response_due_at - now < SLA_WARNING:
        return "bijna"
    return "op-tijd"


def handled_regions(user) -> QuerySet[Region]:
    """The regions whose questions this user handles, by name."""
    return Region.objects.filter(pk__in=permissions.handled_region_ids(user)).order_by("name")


def inbox_regions(user) -> list[tuple[str, str]]:
    """(key, label) of the inboxes this user may open: their regions, maybe the national queue."""
    regions = handled_regions(user)
    choices = [(r.slug, r.name) for r in regions]
    if permissions.handles_national_queue(user):
        choices.append((NATIONAL_QUEUE, "Landelijke wachtrij (gemeente zonder regio)"))
    return choices


def inbox(user, inbox_key: str, filters: InboxFilters) -> QuerySet[Question]:
    """The questions of one inbox (a region's, or the national queue), newest first."""
    if inbox_key == NATIONAL_QUEUE:
        if not permissions.handles_national_queue(user):
            return Question.objects.none()
        queryset = Question.objects.filter(region__isnull=True)
    else:
        queryset = Question.objects.filter(
            region__slug=inbox_key, region_id__in=permissions.handled_region_ids(user)
        )
    now = timezone.now()
    if filters.status in QuestionStatus.values:
        queryset = queryset.filter(status=filters.status)
    elif filters.status != "alle":
        queryset = queryset.exclude(status=QuestionStatus.CLOSED)
    if filters.theme:
        queryset = queryset.filter(themes__code=filters.theme)
    if filters.urgency:
        queryset = queryset.filter(urgency=filters.urgency)
    if filters.sla == "te-laat":
        queryset = queryset.filter(first_response_at__isnull=True, response_due_at__lt=now)
    elif filters.sla == "bijna":
        queryset = queryset.filter(
            first_response_at__isnull=True,
            response_due_at__gte=now,
            response_due_at__lt=now + SLA_WARNING,
        )
    provider_late = Exists(overdue_referrals(now).filter(question=OuterRef("pk")))
    if filters.sla == "aanbieder-te-laat":
        queryset = queryset.filter(provider_late)
    if filters.reference:
        queryset = queryset.filter(reference__iexact=filters.reference.strip())
    if filters.returned:
        queryset = queryset.filter(returned=True)
    return (
        queryset.annotate(provider_late=provider_late)
        .select_related("municipality")
        .prefetch_related("themes")
        .only(
            "pk",
            "reference",
            "door",
            "status",
            "urgency",
            "returned",
            "submitted_at",
            "response_due_at",
            "first_response_at",
            "region_id",
            "municipality__name",
        )
        .order_by("-submitted_at", "-pk")
    )


def question_by_reference(reference: str) -> Question | None:
    """The question with this reference (with its place), or None."""
    return (
        Question.objects.select_related("municipality", "region")
        .filter(reference=reference)
        .first()
    )


def question_detail(pk: int) -> Question:
    return Question.objects.select_related("municipality", "region").get(pk=pk)


def timeline(question: Question) -> QuerySet[CaseEvent]:
    return question.events.select_related("actor", "referral__organisation").order_by("at", "pk")


def referrals_of(question: Question) -> QuerySet[Referral]:
    return question.referrals.select_related("organisation", "offer", "created_by").order_by(
        "created_at"
    )


# --- what the entrepreneur reads on the status page ------------------------------------------

# A referral's status in the entrepreneur's words (the staff's are workflow words). Rejected and
# withdrawn referrals are not shown to the entrepreneur at all.
ENTREPRENEUR_REFERRAL_STATUS = {
    ReferralStatus.SENT: gettext_lazy("doorgestuurd, wacht op antwoord"),
    ReferralStatus.ACCEPTED: gettext_lazy("aan de slag"),
    ReferralStatus.CONTACTED: gettext_lazy("aan de slag"),
    ReferralStatus.COMPLETED: gettext_lazy("afgerond"),
}
# A referral the provider let pass its term: said as it is, with who keeps an eye on it.
ENTREPRENEUR_REFERRAL_LATE = gettext_lazy(
    "wacht op antwoord, later dan afgesproken: het schakelteam houdt het in de gaten"
)


# The question's status and outcome in the entrepreneur's words: the staff's are workflow
# words ("Beoordeeld") or speak of the entrepreneur ("Geen reactie van ondernemer").
ENTREPRENEUR_QUESTION_STATUS = {
    QuestionStatus.NEW: gettext_lazy("Ontvangen"),
    QuestionStatus.TRIAGED: gettext_lazy("Een adviseur heeft uw vraag bekeken"),
    QuestionStatus.REFERRED: gettext_lazy("Doorgestuurd naar een organisatie die u helpt"),
    QuestionStatus.CLOSED: gettext_lazy("Afgerond"),
}
ENTREPRENEUR_OUTCOME = {
    Outcome.ANSWERED: gettext_lazy("Uw vraag is beantwoord"),
    Outcome.HELPED: gettext_lazy("Een organisatie heeft u geholpen"),
    Outcome.NO_FIT: gettext_lazy("We vonden geen hulp die goed bij u past"),
    Outcome.NO_RESPONSE: gettext_lazy("We kregen geen reactie van u"),
    Outcome.DUPLICATE: gettext_lazy("U stelde deze vraag al eerder"),
    Outcome.WITHDRAWN: gettext_lazy("U heeft uw vraag ingetrokken"),
}


def entrepreneur_status(question: Question) -> tuple[str, str]:
    """The question's status and its outcome ("" while open) as the entrepreneur reads them."""
    outcome = ENTREPRENEUR_OUTCOME.get(question.outcome, "") if question.outcome else ""
    return str(ENTREPRENEUR_QUESTION_STATUS[question.status]), str(outcome)


@dataclass(frozen=True)
class HelperLine:
    """One organisation under "Wie helpt u?" on the entrepreneur's status page."""

    organisation: str
    offer: str
    status: str


@dataclass(frozen=True)
class HistoryLine:
    """One line of "Wat is er gebeurd?" on the entrepreneur's status page."""

    at: datetime.datetime
    text: str


def entrepreneur_helpers(question: Question) -> list[HelperLine]:
    """The organisations working on (or done with) the question; not those that declined or
    from whom the schakelteam took the question back."""
    return [
        HelperLine(
            organisation=r.organisation.name,
            offer=r.offer.title if r.offer else "",
            status=str(
                ENTREPRENEUR_REFERRAL_LATE
                if r.is_overdue
                else ENTREPRENEUR_REFERRAL_STATUS[r.status]
            ),
        )
        for r in referrals_of(question)
        if r.status in ENTREPRENEUR_REFERRAL_STATUS
    ]


def entrepreneur_history(question: Question) -> list[HistoryLine]:
    """The question's history in the entrepreneur's words.

    Staff notes stay internal. A withdrawal names no organisation (the schakelteam took the
    question back, not the organisation), and a provider that declined is not named or blamed:
    the entrepreneur reads that the schakelteam looks further. The staff page keeps the full
    history (`timeline`).
    """
    events = list(timeline(question))
    returned = {e.referral_id for e in events if e.kind == EventKind.RETURNED}
    lines = []
    deletion_requested = False
    for event in events:
        referral = event.referral
        org = referral.organisation.name if referral else ""
        kind = event.kind
        if kind == EventKind.NOTE:
            continue
        if kind == EventKind.DELETION_REQUESTED:
            deletion_requested = True
        if kind == EventKind.REFERRED and referral:
            text = _("Uw vraag is doorgestuurd naar %(org)s.") % {"org": org}
        elif kind == EventKind.ACCEPTED and referral:
            text = _("%(org)s gaat met uw vraag aan de slag.") % {"org": org}
        elif kind == EventKind.CONTACTED and referral:
            text = _("%(org)s heeft contact met u gehad.") % {"org": org}
        elif kind == EventKind.COMPLETED and referral:
            text = _("%(org)s heeft uw vraag afgerond.") % {"org": org}
        elif kind == EventKind.REJECTED:
            if event.referral_id in returned:
                continue  # the return below says it without blaming
            text = _("Een organisatie kan uw vraag niet oppakken. Anderen zijn er nog mee bezig.")
        elif kind == EventKind.WITHDRAWN:
            if deletion_requested:
                continue  # stopped because the entrepreneur deleted their data
            text = _("Het schakelteam zoekt een andere organisatie voor uw vraag.")
        elif kind == EventKind.RETURNED:
            if referral and referral.status == ReferralStatus.WITHDRAWN:
                continue  # the withdrawal already said that the schakelteam looks further
            text = _("Uw vraag is terug bij het schakelteam; het zoekt verder.")
        else:
            text = event.get_kind_display()
        lines.append(HistoryLine(at=event.at, text=text))
    return lines


def provider_referrals(user, status: str = "") -> QuerySet[Referral]:
    """Referrals addressed to the user's organisations (no personal data in the list)."""
    queryset = Referral.objects.filter(
        organisation_id__in=permissions.provider_organisation_ids(user)
    )
    if status == "open":
        queryset = queryset.filter(
            status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.CONTACTED]
        )
    elif status in ReferralStatus.values:
        queryset = queryset.filter(status=status)
    return queryset.select_related(
        "organisation", "offer", "question", "question__municipality"
    ).order_by("-created_at", "-pk")


@dataclass(frozen=True)
class NpsRow:
    key: str
    label: str
    count: int | None  # None when suppressed
    nps: int | None  # None: fewer than MIN_AGGREGATE_COUNT answers, suppressed

    @property
    def suppressed(self) -> bool:
        return self.nps is None


def _nps(promoters: int, detractors: int, count: int) -> int | None:
    if count < MIN_AGGREGATE_COUNT:
        return None
    return round(100 * (promoters - detractors) / count)


_SCORE_BUCKETS = {
    "count": Count("pk"),
    "promoters": Count(Case(When(score__gte=9, then=1), output_field=IntegerField())),
    "detractors": Count(Case(When(score__lte=6, then=1), output_field=IntegerField())),
}


def nps_by_region() -> list[NpsRow]:
    """Net Promoter Score per region (feedback on questions handled by that region)."""
    rows = (
        Feedback.objects.filter(question__region__isnull=False)
        .values("question__region__slug", "question__region__name")
        .annotate(**_SCORE_BUCKETS)
        .order_by("question__region__name")
    )
    return [
        NpsRow(
            key=r["question__region__slug"],
            label=r["question__region__name"],
            count=r["count"] if r["count"] >= MIN_AGGREGATE_COUNT else None,
            nps=_nps(r["promoters"], r["detractors"], r["count"]),
        )
        for r in rows
    ]


def nps_by_provider() -> list[NpsRow]:
    """NPS per provider: feedback on questions where that provider completed a referral."""
    rows = (
        Feedback.objects.filter(question__referrals__status=ReferralStatus.COMPLETED)
        .values(
            "question__referrals__organisation__slug", "question__referrals__organisation__name"
        )
        .annotate(
            count=Count("pk", distinct=True),
            promoters=Count("pk", filter=Q(score__gte=9), distinct=True),
            detractors=Count("pk", filter=Q(score__lte=6), distinct=True),
        )
        .order_by("question__referrals__organisation__name")
    )
    return [
        NpsRow(
            key=r["question__referrals__organisation__slug"],
            label=r["question__referrals__organisation__name"],
            count=r["count"] if r["count"] >= MIN_AGGREGATE_COUNT else None,
            nps=_nps(r["promoters"], r["detractors"], r["count"]),
        )
        for r in rows
    ]


@dataclass(frozen=True)
class ResponseRow:
    label: str
    count: int | None  # None when suppressed
    on_time: int | None  # percentage answered within the term; None when suppressed

    @property
    def suppressed(self) -> bool:
        return self.count is None


def provider_response_times(now: datetime.datetime | None = None) -> list[ResponseRow]:
    """Per provider: of the referrals it answered (accepted or declined) or let pass their
    term, the share answered within the term. Fewer than MIN_AGGREGATE_COUNT: not shown."""
    now = now or timezone.now()
    first_answer = (
        CaseEvent.objects.filter(
            referral=OuterRef("pk"), kind__in=[EventKind.ACCEPTED, EventKind.REJECTED]
        )
        .order_by("at")
        .values("at")[:1]
    )
    rows = (
        Referral.objects.filter(response_due_at__isnull=False)
        .annotate(answered_at=Subquery(first_answer))
        .filter(
            Q(answered_at__isnull=False) | Q(status=ReferralStatus.SENT, response_due_at__lt=now)
        )
        .values("organisation_id", "organisation__name")
        .annotate(
            count=Count("pk"),
            on_time=Count("pk", filter=Q(answered_at__lte=F("response_due_at"))),
        )
        .order_by("organisation__name")
    )
    return [
        ResponseRow(label=r["organisation__name"], count=None, on_time=None)
        if r["count"] < MIN_AGGREGATE_COUNT
        else ResponseRow(
            label=r["organisation__name"],
            count=r["count"],
            on_time=round(100 * r["on_time"] / r["count"]),
        )
        for r in rows
    ]


def question_for_status_token(token: str) -> Question | None:
    """The question behind a valid status link; None for a wrong, expired or revoked link."""
    state, question = status_link_state(token)
    return question if state == "valid" else None


def status_link_state(token: str) -> tuple[str, Question | None]:
    """("valid" | "expired" | "revoked" | "invalid", the question when known)."""
    read = read_status_token(token)
    if read is None:
        return "invalid", None
    question = (
        Question.objects.filter(public_id=read.public_id_hex).select_related("municipality").first()
    )
    if question is None:
        return "invalid", None
    if read.version != question.status_link_version:
        return "revoked", question
    if read.expired:
        return "expired", question
    return "valid", question


def closures_ahead(region: Region) -> list[RegionClosure]:
    """The schakelteam's closures that are going on or still to come, earliest first."""
    return closures_from(region, timezone.localdate())


def provider_closures_ahead(organisation: Organisation) -> list[ProviderClosure]:
    """The provider's closures that are going on or still to come, earliest first."""
    return provider_closures_from(organisation, timezone.localdate())


def providers_closed_soon(within: datetime.timedelta) -> dict[int, ProviderClosure]:
    """Per provider (organisation id), its first closure that is going on today or starts
    within `within`: what the schakelteam should know when it chooses where to refer to."""
    today = timezone.localdate()
    closures = ProviderClosure.objects.filter(
        ends_on__gte=today, starts_on__lte=today + within
    ).order_by("-starts_on")
    return {closure.organisation_id: closure for closure in closures}


def questions_per_campaign(codes: Iterable[str]) -> dict[str, int]:
    """How many questions came in through each outreach campaign's link."""
    return dict(
        Question.objects.filter(campaign_code__in=list(codes))
        .values_list("campaign_code")
        .annotate(n=Count("pk"))
        .values_list("campaign_code", "n")
    )


def no_fit_per_theme(municipality_codes: Iterable[str] | None = None) -> dict[str, tuple[int, int]]:
    """Per theme code: closed questions with the outcome "geen passend aanbod", and all closed
    questions with an outcome (the demand-side white-spot signal of casework). None: the whole
    country; else questions from those municipalities."""
    links = Question.themes.through.objects.filter(question__closed_at__isnull=False).exclude(
        question__outcome=""
    )
    if municipality_codes is not None:
        links = links.filter(question__municipality__code__in=list(municipality_codes))
    rows = (
        links.values_list("theme__code")
        .annotate(
            closed=Count("pk"),
            no_fit=Count("pk", filter=Q(question__outcome=Outcome.NO_FIT)),
        )
        .order_by()
        .values_list("theme__code", "no_fit", "closed")
    )
    return {theme: (no_fit, closed) for theme, no_fit, closed in rows}
