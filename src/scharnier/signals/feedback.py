"""Asking the people who raised a signal whether the answer satisfies them (as Signalen does at
the end of a report), and taking their reply. The link in the answer e-mail is the key: only
its hash is stored, and no e-mail address is kept with the reply."""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AnswerFeedback, Thread

COMMENT_MAX = 2000


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def request_feedback(thread: Thread) -> str:
    """A new secret token for one answer e-mail about this thread."""
    token = secrets.token_urlsafe(24)
    AnswerFeedback.objects.create(thread=thread, token_hash=_hash(token))
    return token


def feedback_for(token: str) -> AnswerFeedback | None:
    """The request a link's token belongs to, or None for an unknown or malformed token."""
    if not token or len(token) > 64:
        return None
    return AnswerFeedback.objects.select_related("thread").filter(token_hash=_hash(token)).first()


@transaction.atomic
def give_feedback(*, feedback: AnswerFeedback, satisfied: bool | None, comment: str) -> None:
    """Store the reply; it may be changed later through the same link (a wrong click)."""
    comment = (comment or "").strip()
    errors = {}
    if satisfied is None:
        errors["satisfied"] = _("Kies ja of nee.")
    elif not satisfied and not comment:
        errors["comment"] = _("Vertel kort wat er beter kan. Dan kan de eigenaar daar iets mee.")
    if len(comment) > COMMENT_MAX:
        errors["comment"] = _("Gebruik ten hoogste %(max)d tekens.") % {"max": COMMENT_MAX}
    if errors:
        raise ValidationError(errors)
    feedback.satisfied = satisfied
    feedback.comment = comment
    feedback.given_at = timezone.now()
    feedback.save(update_fields=["satisfied", "comment", "given_at"])
