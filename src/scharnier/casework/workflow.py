"""The explicit lifecycles of a question and a referral.

Every status change goes through these tables; anything not listed is refused with a clear
message (`TransitionNotAllowed`), so no view, API call or command can skip a step.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from scharnier.core.errors import Conflict

from .models import QuestionStatus, ReferralStatus


class TransitionNotAllowed(Conflict):
    """A status change that the lifecycle does not allow from the current status."""


# Question: (from, to) pairs that may happen.
QUESTION_TRANSITIONS: frozenset[tuple[str, str]] = frozenset(
    {
        (QuestionStatus.NEW, QuestionStatus.TRIAGED),
        (QuestionStatus.NEW, QuestionStatus.REFERRED),
        (QuestionStatus.NEW, QuestionStatus.CLOSED),
        (QuestionStatus.TRIAGED, QuestionStatus.REFERRED),
        (QuestionStatus.TRIAGED, QuestionStatus.CLOSED),
        # Every referral was rejected or withdrawn: the question returns to the schakelteam.
        (QuestionStatus.REFERRED, QuestionStatus.TRIAGED),
        (QuestionStatus.REFERRED, QuestionStatus.CLOSED),
    }
)


def check_question_transition(current: str, target: str) -> None:
    if (current, target) not in QUESTION_TRANSITIONS:
        raise TransitionNotAllowed(
            _("Een vraag met status '%(current)s' kan niet naar status '%(target)s'.")
            % {
                "current": QuestionStatus(current).label,
                "target": QuestionStatus(target).label,
            }
        )


@dataclass(frozen=True)
class ReferralAction:
    code: str
    sources: frozenset[str]
    target: str
    by_provider: bool  # True: the receiving organisation acts; False: the referring region


REFERRAL_ACTIONS: dict[str, ReferralAction] = {
    action.code: action
    for action in (
        ReferralAction(
            "accept", frozenset({ReferralStatus.SENT}), ReferralStatus.ACCEPTED, by_provider=True
        ),
        ReferralAction(
            "reject",
            frozenset({ReferralStatus.SENT, ReferralStatus.ACCEPTED}),
            ReferralStatus.REJECTED,
            by_provider=True,
        ),
        ReferralAction(
            "record_contact",
            frozenset({ReferralStatus.ACCEPTED}),
            ReferralStatus.CONTACTED,
            by_provider=True,
        ),
        ReferralAction(
            "complete",
            frozenset({ReferralStatus.CONTACTED}),
            ReferralStatus.COMPLETED,
            by_provider=True,
        ),
        ReferralAction(
            "withdraw",
            frozenset({ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.CONTACTED}),
            ReferralStatus.WITHDRAWN,
            by_provider=False,
        ),
    )
}


def referral_action(code: str) -> ReferralAction:
    try:
        return REFERRAL_ACTIONS[code]
    except KeyError:
        raise TransitionNotAllowed(
            _("Deze actie bestaat niet: %(code)s.") % {"code": code}
        ) from None


def check_referral_transition(current: str, action: ReferralAction) -> None:
    if current not in action.sources:
        raise TransitionNotAllowed(
            _(
                "Deze doorverwijzing heeft status '%(current)s'. "
                "Vanuit die status kan dat niet (naar '%(target)s')."
            )
            % {
                "current": ReferralStatus(current).label,
                "target": ReferralStatus(action.target).label,
            }
        )


def allowed_referral_actions(current: str, *, by_provider: bool) -> list[str]:
    return [
        a.code
        for a in REFERRAL_ACTIONS.values()
        if current in a.sources and a.by_provider == by_provider
    ]
