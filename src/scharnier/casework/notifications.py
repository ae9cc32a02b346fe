"""E-mails about questions, in Dutch, through Django's mail framework.

Each message carries only what its recipient is entitled to: staff get a reference and a link
(never the entrepreneur's name or question); the entrepreneur gets their own status link.
"""

import logging

from django.template.loader import render_to_string
from django.urls import reverse

from scharnier.core import mail
from scharnier.core.links import site_url
from scharnier.organisations.models import Membership, Role

from .deadlines import closure_in_term, sla_working_days
from .links import status_link_max_age_seconds, status_token, status_url
from .models import ConsentPurpose, Question, Referral

logger = logging.getLogger(__name__)


def _send(template: str, context: dict, recipients: list[str]) -> None:
    recipients = sorted({r for r in recipients if r})
    if not recipients:
        return
    context = {**context, "site_url": site_url("/")}
    subject = render_to_string(f"casework/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"casework/email/{template}.txt", context)
    sent = sum(  # one message each: recipients never see each other
        mail.send(subject, body, recipient, kind=f"casework {template}") for recipient in recipients
    )
    # The reference is not personal data; addresses are, so they are never logged.
    logger.info("casework mail %s sent to %d recipient(s)", template, sent)


def _queue_staff_emails(region_id: int | None) -> list[str]:
    """The schakelteam of a region, or the administrators for the national queue."""
    if region_id is None:
        memberships = Membership.objects.filter(role=Role.ADMINISTRATOR)
    else:
        memberships = Membership.objects.filter(role=Role.SCHAKELTEAM_MEMBER, region_id=region_id)
    return list(memberships.values_list("user__email", flat=True))


def _region_staff_emails(question: Question) -> list[str]:
    return _queue_staff_emails(question.region_id)


def question_received(question: Question, token: str) -> None:
    """To the entrepreneur: the confirmation with their status link."""
    _send(
        "received",
        {
            "question": question,
            "status_url": status_url(token),
            "sla_days": sla_working_days(question.region),
            "closure": closure_in_term(question),
        },
        [question.email],
    )


def new_questions_for_staff(region_id: int | None, questions: list[Question]) -> None:
    """To the region's staff: one question with its link, or a burst as one list of references
    (never names or question texts)."""
    if len(questions) == 1:
        question = questions[0]
        _send(
            "new_question",
            {
                "question": question,
                "url": site_url(reverse("casework:question", args=[question.reference])),
            },
            _queue_staff_emails(region_id),
        )
        return
    _send(
        "new_questions",
        {
            "questions": questions,
            "count": len(questions),
            "url": site_url(reverse("casework:inbox")),
        },
        _queue_staff_emails(region_id),
    )


def _provider_emails(referral: Referral) -> list[str]:
    """The provider's editors: who receives and answers referrals in Scharnier."""
    editors = Membership.objects.filter(
        role=Role.PROVIDER_EDITOR, organisation_id=referral.organisation_id, user__is_active=True
    )
    return list(editors.values_list("user__email", flat=True))


def _referrer_emails(referral: Referral) -> list[str]:
    """Who referred (or, when that account is gone, the region's schakelteam)."""
    referrer = referral.created_by
    if referrer is not None and referrer.is_active and referrer.email:
        return [referrer.email]
    return _region_staff_emails(referral.question)


def question_referred(referral: Referral) -> None:
    question = referral.question
    editors = _provider_emails(referral)
    _send(
        "new_referral",
        {
            "referral": referral,
            "question": question,
            "url": site_url(reverse("casework:referral", args=[referral.public_id])),
        },
        editors,
    )
    _send(
        "referred",
        {
            "referral": referral,
            "question": question,
            "status_url": status_url(status_token(question)),
        },
        [question.email],
    )


def referral_rejected(referral: Referral) -> None:
    recipients = _referrer_emails(referral)
    _send(
        "returned",
        {
            "referral": referral,
            "question": referral.question,
            "url": site_url(reverse("casework:question", args=[referral.question.reference])),
        },
        recipients,
    )


def question_closed(question: Question) -> None:
    wants_feedback = question.consents.filter(
        purpose=ConsentPurpose.FEEDBACK, withdrawn_at__isnull=True
    ).exists()
    if not wants_feedback:
        return
    _send(
        "feedback_request",
        {"question": question, "status_url": status_url(status_token(question))},
        [question.email],
    )


def status_link_requested(question: Question, token: str) -> None:
    _send(
        "status_link",
        {
            "question": question,
            "status_url": status_url(token),
            "days": status_link_max_age_seconds() // 86400,
        },
        [question.email],
    )


def referral_overdue(referral: Referral) -> None:
    """Once, when the provider let the term pass: a reminder to the provider's editors and a
    notice to who referred, so that they call or refer elsewhere (reference and links only)."""
    context = {
        "referral": referral,
        "question": referral.question,
        "url": site_url(reverse("casework:referral", args=[referral.public_id])),
        "question_url": site_url(reverse("casework:question", args=[referral.question.reference])),
        "has_editors": bool(_provider_emails(referral)),
    }
    _send("referral_reminder", context, _provider_emails(referral))
    _send("referral_overdue", context, _referrer_emails(referral))
