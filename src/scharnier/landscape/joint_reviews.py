"""The joint consistency test: writes and read queries.

Actieagenda kansenkaart 4: "KvK, RVO en de ROM's gaan gezamenlijk kijken naar nieuwe aanvragen
vanuit departementen. Hiervoor wordt een consistentietoets gedaan ... De uitkomsten en
aanbevelingen worden teruggelegd bij de beleidopdrachtgevers voor acties", and "Start met
consistentietoets op bestaande dienstverlening" (per theme). The automatic test
(`services.run_consistency_check`) gives the evidence; this is the people's part around it:
the national analyst opens a review for a policy owner, each reviewing organisation gives its
view, the analyst writes the joint advice and hands it back, the owner records what it did.
"""

from __future__ import annotations

import datetime
import logging
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from scharnier.catalog.models import Offer, OfferStatus, Theme
from scharnier.core import clock, mail
from scharnier.core.links import site_url
from scharnier.core.validation import text_problem
from scharnier.geography.models import Region
from scharnier.organisations.models import (
    Membership,
    Organisation,
    OrganisationKind,
    RegionalRoleKind,
    Role,
)
from scharnier.organisations.permissions import (
    Action,
    has_permission,
    holds_role,
    memberships,
    require_permission,
)

from .models import (
    ConsistencyCheck,
    JointReview,
    OverlapCluster,
    OwnerAction,
    ReviewContribution,
    ReviewPosition,
    ReviewStatus,
    ReviewSubject,
)
from .queries import latest_analysis

logger = logging.getLogger(__name__)

# Who reviews: the national implementing organisations (KvK, RVO) and the ROMs; who asks: a
# department or a province. Branches (a KvK office) speak through their national organisation.
REVIEWER_KINDS = (OrganisationKind.UITVOERINGSORGANISATIE, OrganisationKind.ROM)
OWNER_KINDS = (OrganisationKind.RIJK, OrganisationKind.PROVINCIE)
MIN_REVIEWERS = 2  # "gezamenlijk": one organisation alone is the automatic test plus an opinion
MAX_DEADLINE_DAYS = 365
MIN_MOTIVATION_WORDS = 3
THEME_CLUSTERS_SHOWN = 10  # the rest is one link away, in the overlap analysis


@dataclass(frozen=True)
class DeskQuestion:
    code: str
    question: Promise
    hint: Promise


# What a new desk or website must show before it starts (Bezint eer ge begint: "Bij de creatie
# en evaluatie van een loket, moet de doeltreffendheid en doelmatigheid (kosten en baten)
# worden beoordeeld, inclusief een soort NPS-score"; quality requirements "ook over
# samenwerking, doorverwijzing en de toegankelijkheid van data").
DESK_QUESTIONS = (
    DeskQuestion(
        "meerwaarde",
        gettext_lazy(
            "Wat kan een ondernemer hier dat bij de loketten en websites van nu niet kan?"
        ),
        gettext_lazy("Noem de loketten en websites die er al zijn, en wat er bij hen mist."),
    ),
    DeskQuestion(
        "doorverwijzen",
        gettext_lazy("Hoe verwijst het loket door naar andere organisaties?"),
        gettext_lazy("Zodat de ondernemer zijn verhaal niet opnieuw hoeft te doen."),
    ),
    DeskQuestion(
        "gegevens",
        gettext_lazy("Hoe komt het aanbod in het gezamenlijke register, en zijn de gegevens open?"),
        gettext_lazy("Bijvoorbeeld via het importbestand of het API van Scharnier."),
    ),
    DeskQuestion(
        "kosten-baten",
        gettext_lazy("Wat kost het, wat levert het op, en hoe meet u dat?"),
        gettext_lazy("De kosten per jaar, het bereik dat u verwacht en hoe u het effect meet."),
    ),
    DeskQuestion(
        "tevredenheid",
        gettext_lazy("Hoe meet u of ondernemers tevreden zijn?"),
        gettext_lazy("Bijvoorbeeld met een NPS-score na elk contact."),
    ),
)


def reviewer_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind__in=REVIEWER_KINDS, parent__isnull=True).order_by(
        "name"
    )


def owner_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind__in=OWNER_KINDS, parent__isnull=True).order_by("name")


def _text_errors(
    errors: dict[str, list[str]], name: str, value: str, *, required: str, multiline: bool = True
) -> str:
    value = (value or "").strip()
    if not value:
        errors.setdefault(name, []).append(required)
    else:
        problem = text_problem(value, multiline=multiline)
        if problem:
            errors.setdefault(name, []).append(problem)
    return value


def reviewers_problem(reviewers: list[Organisation]) -> str | None:
    """Why these organisations cannot review together, or None (form and service)."""
    if any(r.kind not in REVIEWER_KINDS or r.parent_id for r in reviewers):
        return _("Alleen KvK, RVO en de ROM's toetsen samen. Kies uit de lijst.")
    if len(reviewers) < MIN_REVIEWERS:
        return _("Kies minstens %(count)d organisaties: de toets doet u samen.") % {
            "count": MIN_REVIEWERS
        }
    return None


def deadline_problem(deadline: object) -> str | None:
    """Why the advice cannot be due on this date, or None (form and service)."""
    today = timezone.localdate()
    if not isinstance(deadline, datetime.date):
        return _("Vul in wanneer het advies uiterlijk klaar moet zijn.")
    if deadline < today:
        return _("Deze datum is al voorbij. Kies een datum vanaf vandaag.")
    if deadline > today + datetime.timedelta(days=MAX_DEADLINE_DAYS):
        return _("Kies een datum binnen een jaar. Een advies dat langer duurt, komt te laat.")
    return None


@transaction.atomic
def open_joint_review(*, actor, data: Mapping[str, Any]) -> JointReview:
    """Start a joint review of a tested proposal (`consistency_check`) or of the existing
    offers of a theme (`theme_code`), for a policy owner, by two or more organisations."""
    require_permission(actor, Action.COORDINATE_JOINT_REVIEW)
    errors: dict[str, list[str]] = {}
    desk_case: dict[str, str] = {}
    region = None
    subject = data.get("subject")
    check = data.get("consistency_check")
    theme_code = (data.get("theme_code") or "").strip()
    if subject == ReviewSubject.NEW:
        theme_code = ""
        if not isinstance(check, ConsistencyCheck):
            errors["consistency_check"] = [
                _("Een nieuwe regeling gaat eerst door de consistentietoets. Open die uitkomst.")
            ]
    elif subject == ReviewSubject.EXISTING:
        check = None
        if not Theme.objects.filter(code=theme_code).exists():
            errors["theme_code"] = [_("Kies het thema waarvan u het aanbod laat toetsen.")]
    elif subject == ReviewSubject.NEW_DESK:
        check, theme_code = None, ""
        region = data.get("region")
        if region is not None and not isinstance(region, Region):
            errors["region"] = [_("Kies een regio uit de lijst, of laat het veld leeg.")]
        answers = data.get("desk_case") or {}
        for item in DESK_QUESTIONS:
            desk_case[item.code] = _text_errors(
                errors,
                f"desk_{item.code}",
                answers.get(item.code, ""),
                required=_(
                    "Beantwoord deze vraag: zonder antwoord is de meerwaarde niet te toetsen."
                ),
            )
    else:
        errors["subject"] = [_("Kies of het om nieuwe of bestaande dienstverlening gaat.")]
    title = _text_errors(
        errors,
        "title",
        data.get("title", ""),
        required=_("Geef de toets een titel."),
        multiline=False,
    )
    question = _text_errors(
        errors,
        "question",
        data.get("question", ""),
        required=_("Schrijf op wat de opdrachtgever wil weten."),
    )
    owner = data.get("policy_owner")
    if not isinstance(owner, Organisation) or owner.kind not in OWNER_KINDS:
        errors["policy_owner"] = [_("Kies de opdrachtgever: een ministerie of provincie.")]
    reviewers = list(dict.fromkeys(data.get("reviewers") or []))
    problem = reviewers_problem(reviewers)
    if problem:
        errors["reviewers"] = [problem]
    deadline = data.get("deadline")
    problem = deadline_problem(deadline)
    if problem:
        errors["deadline"] = [problem]
    if errors:
        raise ValidationError(errors)
    review = JointReview.objects.create(
        subject=subject,
        title=title,
        question=question,
        consistency_check=check,
        theme_code=theme_code,
        region=region,
        desk_case=desk_case,
        policy_owner=owner,
        deadline=deadline,
        created_by=actor,
        created_at=clock.now(),
    )
    ReviewContribution.objects.bulk_create(
        ReviewContribution(review=review, organisation=r) for r in reviewers
    )
    transaction.on_commit(lambda: _tell_editors(review, reviewers, "opened"))
    return review


@transaction.atomic
def give_contribution(
    *, actor, contribution: ReviewContribution, position: str, motivation: str
) -> ReviewContribution:
    """A reviewing organisation's view; it may change it until the advice is handed back."""
    require_permission(actor, Action.CONTRIBUTE_JOINT_REVIEW, contribution)
    # Locked and read afresh: a view may not slip in after the advice went back.
    review = JointReview.objects.select_for_update().get(pk=contribution.review_id)
    if review.status != ReviewStatus.OPEN:
        raise ValidationError(
            _(
                "Het advies is al teruggelegd bij de opdrachtgever. Uw oordeel kan niet meer "
                "veranderen."
            )
        )
    errors: dict[str, list[str]] = {}
    if position not in ReviewPosition.values:
        errors["position"] = [_("Kies uw oordeel.")]
    motivation = _text_errors(
        errors, "motivation", motivation, required=_("Schrijf op waarom u tot dit oordeel komt.")
    )
    if motivation and len(motivation.split()) < MIN_MOTIVATION_WORDS:
        errors.setdefault("motivation", []).append(
            _("Leg in een paar woorden uit waarom, zodat de opdrachtgever het begrijpt.")
        )
    if errors:
        raise ValidationError(errors)
    first_time = not contribution.is_given
    contribution.position = position
    contribution.motivation = motivation
    contribution.given_by = actor
    contribution.given_at = clock.now()
    contribution.save()
    if first_time and not review.contributions.filter(given_at__isnull=True).exists():
        transaction.on_commit(lambda: _tell_coordinator(review))
    return contribution


@transaction.atomic
def move_deadline(*, actor, review: JointReview, deadline: object) -> JointReview:
    """A later (or earlier) date for the views, while they are still being given; reviewers
    without a view are reminded again before the new date."""
    require_permission(actor, Action.COORDINATE_JOINT_REVIEW, review)
    review = JointReview.objects.select_for_update().get(pk=review.pk)
    if review.status != ReviewStatus.OPEN:
        raise ValidationError(_("Het advies is al teruggelegd. De datum verandert niet meer."))
    problem = deadline_problem(deadline)
    if problem:
        raise ValidationError({"deadline": [problem]})
    review.deadline = deadline
    review.save(update_fields=["deadline"])
    return review


def may_return(review: JointReview, today: datetime.date | None = None) -> bool:
    """Every reviewer has given a view, or the deadline has passed and at least one has (the
    advice then says who did not)."""
    given = [c.is_given for c in review.contributions.all()]
    if all(given):
        return True
    return any(given) and (today or timezone.localdate()) > review.deadline


@transaction.atomic
def return_to_owner(*, actor, review: JointReview, position: str, advice: str) -> JointReview:
    """The joint advice, handed back to the policy owner."""
    require_permission(actor, Action.COORDINATE_JOINT_REVIEW, review)
    review = JointReview.objects.select_for_update().get(pk=review.pk)
    if review.status != ReviewStatus.OPEN:
        raise ValidationError(_("Het advies is al teruggelegd."))
    if not may_return(review):
        raise ValidationError(
            _(
                "Nog niet alle organisaties gaven hun oordeel. U kunt het advies teruggeven als "
                "iedereen heeft getoetst, of na de uiterste datum als minstens één organisatie "
                "dat deed."
            )
        )
    errors: dict[str, list[str]] = {}
    if position not in ReviewPosition.values:
        errors["position"] = [_("Kies het gezamenlijke advies.")]
    advice = _text_errors(
        errors, "advice", advice, required=_("Schrijf de aanbevelingen voor de opdrachtgever.")
    )
    if errors:
        raise ValidationError(errors)
    review.advice_position = position
    review.advice = advice
    review.status = ReviewStatus.RETURNED
    review.returned_at = clock.now()
    review.save()
    transaction.on_commit(lambda: _tell_editors(review, [review.policy_owner], "returned"))
    return review


@transaction.atomic
def record_owner_response(
    *, actor, review: JointReview, action: str, response: str, link: str = ""
) -> JointReview:
    """What the policy owner did with the advice: the loop closes."""
    require_permission(actor, Action.RESPOND_JOINT_REVIEW, review)
    review = JointReview.objects.select_for_update().get(pk=review.pk)
    if review.status != ReviewStatus.RETURNED:
        raise ValidationError(
            _("U kunt reageren zodra het advies is teruggelegd, en één keer.")
            if review.status == ReviewStatus.OPEN
            else _("De opdrachtgever heeft al gereageerd.")
        )
    errors: dict[str, list[str]] = {}
    if action not in OwnerAction.values:
        errors["action"] = [_("Kies wat u met het advies hebt gedaan.")]
    response = _text_errors(
        errors, "response", response, required=_("Schrijf op wat u met het advies hebt gedaan.")
    )
    link = (link or "").strip()
    if link and not link.lower().startswith(("https://", "http://")):
        errors["link"] = [_("Vul een webadres in dat begint met https://.")]
    if errors:
        raise ValidationError(errors)
    review.owner_action = action
    review.owner_response = response
    review.owner_link = link
    review.status = ReviewStatus.CLOSED
    review.closed_at = clock.now()
    review.closed_by = actor
    review.save()
    reviewers = [c.organisation for c in review.contributions.select_related("organisation")]
    transaction.on_commit(lambda: _tell_editors(review, reviewers, "closed"))
    return review


# --- Mail ---------------------------------------------------------------------------------


def _editor_addresses(organisations: Iterable[Organisation]) -> list[str]:
    """Editors of the organisations; for a province, also its province staff."""
    organisations = list(organisations)
    provinces = {o.province_id for o in organisations if o.kind == OrganisationKind.PROVINCIE} - {
        None
    }
    found = Membership.objects.filter(
        Q(role=Role.PROVIDER_EDITOR, organisation_id__in={o.pk for o in organisations})
        | Q(role=Role.PROVINCE, province_id__in=provinces),
        user__is_active=True,
    ).exclude(user__email="")
    return sorted({m.user.email.lower() for m in found.select_related("user")})


def _send(review: JointReview, addresses: Iterable[str], template: str) -> int:
    context = {
        "review": review,
        "link": site_url(reverse("landscape:review", args=[review.public_id])),
    }
    subject = render_to_string(f"landscape/email/review_{template}_subject.txt", context).strip()
    body = render_to_string(f"landscape/email/review_{template}.txt", context)
    sent = sum(mail.send(subject, body, a, kind=f"joint review {template}") for a in addresses)
    logger.info("joint review %s mail %s sent to %d recipient(s)", review.pk, template, sent)
    return sent


def _tell_editors(review: JointReview, organisations: Iterable[Organisation], event: str) -> int:
    return _send(review, _editor_addresses(organisations), event)


def _tell_coordinator(review: JointReview, template: str = "complete") -> int:
    creator = review.created_by
    if creator is None or not creator.email or not creator.is_active:
        return 0
    return _send(review, [creator.email], template)


REMINDER_DAYS = 3  # before the deadline: time to write a view, not so early it is forgotten


@dataclass(frozen=True)
class ReminderResult:
    reminded: int  # contributions whose organisation was reminded
    overdue: int  # reviews whose coordinator was told the deadline passed


def remind_reviewers(
    today: datetime.date | None = None, days_before: int = REMINDER_DAYS
) -> ReminderResult:
    """Once per deadline: the editors of each organisation that has not given its view when
    the deadline is `days_before` days or fewer away, and the coordinator once the deadline
    has passed without every view (the advice can then go back with the views given)."""
    today = today or timezone.localdate()
    open_reviews = JointReview.objects.filter(status=ReviewStatus.OPEN)
    due = (
        ReviewContribution.objects.filter(
            review__in=open_reviews,
            given_at__isnull=True,
            review__deadline__gte=today,
            review__deadline__lte=today + datetime.timedelta(days=days_before),
        )
        .exclude(reminded_for=F("review__deadline"))
        .select_related("review__policy_owner", "organisation")
    )
    reminded = 0
    for contribution in due:
        review = contribution.review
        _send(review, _editor_addresses([contribution.organisation]), "reminder")
        ReviewContribution.objects.filter(pk=contribution.pk).update(reminded_for=review.deadline)
        reminded += 1
    late = (
        open_reviews.filter(deadline__lt=today, contributions__given_at__isnull=True)
        .exclude(overdue_notice_for=F("deadline"))
        .select_related("policy_owner", "created_by")
        .distinct()
    )
    overdue = 0
    for review in late:
        _tell_coordinator(review, "overdue")
        JointReview.objects.filter(pk=review.pk).update(overdue_notice_for=review.deadline)
        overdue += 1
    return ReminderResult(reminded=reminded, overdue=overdue)


# --- Read queries -------------------------------------------------------------------------


def _speaking_for(user) -> set[int]:
    """The organisations a user's roles speak for: an editor's, with its branches; a
    province's staff, the province."""
    held = memberships(user)
    own = {m.organisation_id for m in held if m.role == Role.PROVIDER_EDITOR}
    provinces = {m.province_id for m in held if m.role == Role.PROVINCE}
    if not own and not provinces:
        return set()
    return set(
        Organisation.objects.filter(
            Q(pk__in=own)
            | Q(parent_id__in=own)
            | Q(kind=OrganisationKind.PROVINCIE, province_id__in=provinces)
        ).values_list("pk", flat=True)
    )


def reviews_for(user) -> QuerySet[JointReview]:
    """The reviews the user may read: all for the coordinator, else those of the user's
    organisations (as a reviewer or as the policy owner)."""
    reviews = JointReview.objects.select_related("policy_owner", "consistency_check")
    if has_permission(user, Action.COORDINATE_JOINT_REVIEW):
        return reviews
    organisations = _speaking_for(user)
    if not organisations:
        return reviews.none()
    involved = ReviewContribution.objects.filter(
        review=OuterRef("pk"), organisation_id__in=organisations
    )
    return reviews.filter(Q(policy_owner_id__in=organisations) | Exists(involved))


def sees_joint_reviews(user) -> bool:
    """Menu predicate: the coordinator, or an editor whose organisation takes part."""
    if not getattr(user, "is_authenticated", False):
        return False
    if holds_role(user, Role.NATIONAL_ANALYST, Role.ADMINISTRATOR):
        return True
    if not holds_role(user, Role.PROVIDER_EDITOR, Role.PROVINCE):
        return False
    # Two menus ask on every page: one query per request (the user object lives that long).
    cached = getattr(user, "_scharnier_sees_joint_reviews", None)
    if cached is None:
        cached = user._scharnier_sees_joint_reviews = reviews_for(user).exists()
    return cached


def joint_reviews_in_work_menu(user) -> bool:
    """The work menu has no room for everything the administrator may see: for them the
    landscape section's own menu leads here."""
    if holds_role(user, Role.ADMINISTRATOR):
        return False
    return sees_joint_reviews(user)


def waiting_on(user, review: JointReview) -> list[ReviewContribution] | str:
    """What the user may do now on this review: the contributions to give, 'advice' or
    'response'; empty when nothing."""
    if review.status == ReviewStatus.OPEN:
        if has_permission(user, Action.COORDINATE_JOINT_REVIEW, review):
            return "advice"
        return [
            c
            for c in review.contributions.all()
            if has_permission(user, Action.CONTRIBUTE_JOINT_REVIEW, c)
        ]
    if review.status == ReviewStatus.RETURNED and has_permission(
        user, Action.RESPOND_JOINT_REVIEW, review
    ):
        return "response"
    return []


def readable_review(user, public_id) -> JointReview:
    review = (
        JointReview.objects.select_related(
            "policy_owner", "consistency_check", "created_by", "region"
        )
        .prefetch_related("contributions__organisation", "contributions__given_by")
        .filter(public_id=public_id)
        .first()
    )
    if review is None:
        raise JointReview.DoesNotExist
    if not has_permission(user, Action.VIEW_JOINT_REVIEW, review):
        raise PermissionDenied("joint review not readable")
    return review


@dataclass(frozen=True)
class ReviewFigures:
    """How the joint test works as a process: the Actieagenda asks it to be done for all new
    help, so whether advice comes in time matters as much as what it says."""

    total: int
    open: int
    returned: int
    closed: int
    returned_in_time: int
    median_days_to_advice: float | None
    owner_actions: dict[str, int]


def review_figures(reviews: Iterable[JointReview]) -> ReviewFigures:
    reviews = list(reviews)
    status = Counter(r.status for r in reviews)
    handed_back = [r for r in reviews if r.returned_at]
    in_time = sum(1 for r in handed_back if timezone.localdate(r.returned_at) <= r.deadline)
    days = sorted((r.returned_at - r.created_at).total_seconds() / 86400 for r in handed_back)
    median = None
    if days:
        middle = len(days) // 2
        median = days[middle] if len(days) % 2 else (days[middle - 1] + days[middle]) / 2
    return ReviewFigures(
        total=len(reviews),
        open=status[ReviewStatus.OPEN],
        returned=status[ReviewStatus.RETURNED],
        closed=status[ReviewStatus.CLOSED],
        returned_in_time=in_time,
        median_days_to_advice=median,
        owner_actions=dict(Counter(r.owner_action for r in reviews if r.owner_action)),
    )


@dataclass(frozen=True)
class ThemeOverview:
    """What a review of existing help on a theme looks at: the national and regional offers
    of the theme that are current now, and the overlap the last analysis found among them."""

    theme: Theme
    offers: int
    providers: int
    per_type: list[tuple[str, int]]
    clusters: list[OverlapCluster]  # the strongest `THEME_CLUSTERS_SHOWN`
    cluster_count: int


def theme_overview(theme_code: str, today: datetime.date | None = None) -> ThemeOverview | None:
    theme = Theme.objects.filter(code=theme_code).first()
    if theme is None:
        return None
    today = today or timezone.localdate()
    offers = (
        Offer.objects.with_status(OfferStatus.ACTIVE, today)
        .filter(themes=theme)
        .select_related("offer_type")
    )
    per_type = Counter(o.offer_type.label for o in offers)
    analysis = latest_analysis()
    clusters = []
    if analysis is not None:
        clusters = [
            c
            for c in analysis.clusters.prefetch_related("offers__provider").order_by(
                "-max_score", "pk"
            )
            if theme_code in (c.theme_codes or [])
        ]
    return ThemeOverview(
        theme=theme,
        offers=len(offers),
        providers=len({o.provider_id for o in offers}),
        per_type=sorted(per_type.items(), key=lambda item: (-item[1], item[0])),
        clusters=clusters[:THEME_CLUSTERS_SHOWN],
        cluster_count=len(clusters),
    )


def existing_desks(region: Region | None) -> list[Organisation]:
    """The desks a new one would stand beside: in a region its lead and its hubs (the
    region's own front doors), and everywhere the national implementing organisations."""
    national = Q(kind=OrganisationKind.UITVOERINGSORGANISATIE, parent__isnull=True)
    regional = Q(pk__in=[])
    if region is not None:
        regional = Q(regional_roles__region=region) & (
            Q(kind=OrganisationKind.HUB) | Q(regional_roles__role=RegionalRoleKind.LEAD)
        )
    found = Organisation.objects.filter(national | regional).distinct()
    # The region's own doors first: they are what a regional desk would duplicate.
    return sorted(found, key=lambda o: (o.kind == OrganisationKind.UITVOERINGSORGANISATIE, o.name))


@dataclass(frozen=True)
class ThemeReviewRow:
    theme: Theme
    running_offers: int
    last_review: JointReview | None


def themes_by_last_review(today: datetime.date | None = None) -> list[ThemeReviewRow]:
    """Every theme with its running offers and its latest review of existing help, the
    themes never reviewed first, then the longest ago: where the next review is due."""
    today = today or timezone.localdate()
    running = dict(
        Offer.objects.with_status(OfferStatus.ACTIVE, today)
        .values_list("themes__code")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    latest: dict[str, JointReview] = {}
    for review in JointReview.objects.filter(subject=ReviewSubject.EXISTING).order_by("created_at"):
        latest[review.theme_code] = review
    rows = [
        ThemeReviewRow(theme, running.get(theme.code, 0), latest.get(theme.code))
        for theme in Theme.objects.order_by("label")
    ]
    return sorted(
        rows, key=lambda r: (r.last_review is not None, r.last_review and r.last_review.created_at)
    )
