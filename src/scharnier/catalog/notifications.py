"""Mail to a provider's editors about its offers (counts and a link only)."""

import logging

from django.template.loader import render_to_string
from django.urls import reverse

from scharnier.core import mail
from scharnier.core.links import site_url
from scharnier.organisations.models import Membership, Organisation, Role

from .models import ATTENTION_PARAMETER

logger = logging.getLogger(__name__)


def editor_emails(provider: Organisation) -> list[str]:
    editors = Membership.objects.filter(
        role=Role.PROVIDER_EDITOR, organisation=provider, user__is_active=True
    )
    return sorted({e for e in editors.values_list("user__email", flat=True) if e})


def attention_reminder(provider: Organisation, *, expired: int, unchecked: int) -> int:
    """Remind the provider's editors of offers that need a look; returns the mails sent."""
    context = {
        "provider": provider,
        "expired": expired,
        "unchecked": unchecked,
        "url": site_url(reverse("web:editor-offers") + f"?{ATTENTION_PARAMETER}=1"),
    }
    subject = render_to_string("catalog/email/attention_reminder_subject.txt", context).strip()
    body = render_to_string("catalog/email/attention_reminder.txt", context)
    sent = sum(  # one message each: editors never see each other's address
        mail.send(subject, body, address, kind="catalog attention_reminder")
        for address in editor_emails(provider)
    )
    logger.info("catalog attention reminder sent to %d editor(s)", sent)
    return sent
