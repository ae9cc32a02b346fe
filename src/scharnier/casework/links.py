"""The entrepreneur's private status link and other absolute addresses used in e-mails.

Below both `services` and `notifications`, so that either can use it without importing the other.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import Question

_STATUS_SALT = "scharnier.casework.status-link"


def status_token(question: Question) -> str:
    """The secret in the entrepreneur's private status link (signed, so nothing is stored)."""
    return signing.Signer(salt=_STATUS_SALT).sign(question.public_id.hex)


def public_id_for_status_token(token: str) -> str | None:
    """The question's public id (hex) a status token was signed for, or None when forged."""
    try:
        return signing.Signer(salt=_STATUS_SALT).unsign(token)
    except signing.BadSignature:
        return None


def site_url(path: str) -> str:
    return getattr(settings, "CASEWORK_SITE_URL", "http://127.0.0.1:8000").rstrip("/") + path


def status_url(token: str) -> str:
    return site_url(reverse("casework:status", args=[token]))
