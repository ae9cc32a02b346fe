"""Who may see and handle which questions and referrals.

- A schakelteam member handles the questions routed to their region.
- An administrator handles the national queue (questions from a municipality in no region).
- A provider editor acts on referrals addressed to their organisation and, while such a
  referral is not rejected or withdrawn, may see that question's personal data.
Nobody else sees personal data; superuser status alone grants nothing here (AVG: need to know).
"""

from django.db.models import Q, QuerySet

from scharnier.organisations.models import Role
from scharnier.organisations.permissions import memberships

from .models import Question, Referral, ReferralStatus

_ENTITLED_REFERRAL_STATUSES = (
    ReferralStatus.SENT,
    ReferralStatus.ACCEPTED,
    ReferralStatus.CONTACTED,
    ReferralStatus.COMPLETED,
)


def handled_region_ids(user) -> set[int]:
    return {m.region_id for m in memberships(user) if m.role == Role.SCHAKELTEAM_MEMBER}


def handles_national_queue(user) -> bool:
    return any(m.role == Role.ADMINISTRATOR for m in memberships(user))


# Besides the schakelteams, those who steer on what lies behind the questions: only figures
# (counts of five or more), never a question.
FIGURE_ROLES = (Role.NATIONAL_ANALYST, Role.REGIONAL_DIRECTOR)


def sees_casework_figures(user) -> bool:
    return is_casework_staff(user) or any(m.role in FIGURE_ROLES for m in memberships(user))


def provider_organisation_ids(user) -> set[int]:
    return {m.organisation_id for m in memberships(user) if m.role == Role.PROVIDER_EDITOR}


def is_casework_staff(user) -> bool:
    return bool(handled_region_ids(user)) or handles_national_queue(user)


def can_handle_question(user, question: Question) -> bool:
    if question.region_id is None:
        return handles_national_queue(user)
    return question.region_id in handled_region_ids(user)


def handleable_questions(user) -> QuerySet[Question]:
    condition = Q(region_id__in=handled_region_ids(user))
    if handles_national_queue(user):
        condition |= Q(region__isnull=True)
    return Question.objects.filter(condition)


def can_view_question(user, question: Question) -> bool:
    """Seeing a question includes its personal data (every such read is audited)."""
    if can_handle_question(user, question):
        return True
    organisations = provider_organisation_ids(user)
    if not organisations:
        return False
    return question.referrals.filter(
        organisation_id__in=organisations, status__in=_ENTITLED_REFERRAL_STATUSES
    ).exists()


def visible_questions(user) -> QuerySet[Question]:
    condition = Q(region_id__in=handled_region_ids(user))
    if handles_national_queue(user):
        condition |= Q(region__isnull=True)
    organisations = provider_organisation_ids(user)
    if organisations:
        condition |= Q(
            pk__in=Referral.objects.filter(
                organisation_id__in=organisations, status__in=_ENTITLED_REFERRAL_STATUSES
            ).values("question_id")
        )
    return Question.objects.filter(condition)


def can_act_as_provider(user, referral: Referral) -> bool:
    return referral.organisation_id in provider_organisation_ids(user)


def visible_referrals(user) -> QuerySet[Referral]:
    """Referrals of the questions a user handles, and those addressed to their organisations."""
    condition = Q(organisation_id__in=provider_organisation_ids(user)) | Q(
        question__region_id__in=handled_region_ids(user)
    )
    if handles_national_queue(user):
        condition |= Q(question__region__isnull=True)
    return Referral.objects.filter(condition)


def can_view_referral(user, referral: Referral) -> bool:
    return can_act_as_provider(user, referral) or can_handle_question(user, referral.question)
